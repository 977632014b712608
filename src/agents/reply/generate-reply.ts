import type { AgentDeps } from "../agent-deps";
import type { AgentRunRecord } from "../llm/agent-run-record";
import { runAgentCall } from "../llm/run-agent-call";
import { truncateHistory } from "../llm/token-budget";
import { acceptModelReply } from "./accept-model-reply";
import { checkReplyLanguage } from "./check-reply-language";
import { applyGuardrails } from "./guardrails";
import { generateReplyLocal } from "./generate-reply-local";
import type { ReplySurface } from "@/shared/reply-limits";
import { buildReplyPrompt, REPLY_PROMPT_VERSION, type HistoryTurn } from "./prompt";
import { HANDOFF_FLAGS } from "./handoff-flags";
import { handoffResult } from "./safe-handoff";
import { relevantKnowledge } from "./score-relevance";
import { replyOutputSchema, type ReplyInput, type ReplyResult } from "./types";
import { verifyGrounding } from "./verify-grounding";

const HISTORY_TOKEN_BUDGET = 1_500;

/**
 * Reply generator agent. Only the retrieved articles relevant to this message (at or above the
 * calibrated relevance cut-off) are used, and they are the only source of facts; whatever path
 * produced the text (LLM, cache or the local extractive model), the guardrails and the
 * language check decide whether it may be used or becomes the safe hand-off; a model's reply is
 * also read against the articles by the grounding verifier when a model is configured.
 */
export async function generateReply(
  retrieved: ReplyInput,
  opts: { history?: HistoryTurn[]; surface?: ReplySurface },
  deps: AgentDeps,
): Promise<{ reply: ReplyResult; run: AgentRunRecord }> {
  const knowledge = relevantKnowledge(retrieved.message, retrieved.knowledge).map(({ relevance: _relevance, ...k }) => k);
  if (knowledge.length === 0) {
    // Nothing relevant to ground an answer in: never invent one, and don't pay a model to say so.
    const flag = retrieved.knowledge.length === 0 ? HANDOFF_FLAGS.noKnowledge : HANDOFF_FLAGS.notRelevant;
    return {
      reply: handoffResult([flag]),
      run: { agent: "reply", provider: "local", model: "builtin", latencyMs: 0, tokensIn: 0, tokensOut: 0, costUsd: 0, costPriced: true, cacheHit: false, outcome: "ok", attempts: [] },
    };
  }
  const input: ReplyInput = { ...retrieved, knowledge };
  const history = truncateHistory(opts.history ?? [], HISTORY_TOKEN_BUDGET);
  const guardrailContext = { knowledge: input.knowledge, customerMessage: input.message, platform: input.platform, surface: opts.surface, companyName: input.tone.companyName };
  let localResult: ReplyResult | undefined;
  const { value, run } = await runAgentCall({
    agent: "reply",
    chain: deps.chain,
    registry: deps.registry,
    schema: replyOutputSchema,
    buildPrompt: () => buildReplyPrompt(input, history),
    local: () => {
      localResult = generateReplyLocal(input, { surface: opts.surface });
      return { reply: localResult.text, usedArticleIds: localResult.usedArticleIds, confident: !localResult.handoff };
    },
    cache: deps.cache,
    cacheKeyParts: {
      input: { message: input.message, intent: input.intent, platform: input.platform, knowledge: input.knowledge.map((k) => k.id), history },
      tone: `${input.tone.companyName}\n${input.tone.guidelines}`,
      promptVersion: REPLY_PROMPT_VERSION,
      workspaceId: deps.workspaceId,
    },
    cacheTtlSeconds: deps.cacheTtlSeconds,
    timeoutMs: deps.timeoutMs,
    retries: deps.retries,
    budget: deps.budget,
    maxOutputTokens: 600,
    temperature: 0.3,
    onRun: deps.onRun,
    logger: deps.logger,
  });
  // The local model's own flags (weak match, no knowledge) survive; model output is re-validated.
  const guarded = localResult ? applyGuardrails(localResult, guardrailContext) : acceptModelReply(value, guardrailContext);
  const checked = checkReplyLanguage(guarded, input.message);
  if (localResult) return { reply: { ...checked, flags: [...checked.flags, "local-model"] }, run };
  // A model's reply that passed the local checks is read against the articles by a model too.
  const { result: reply } = await verifyGrounding(checked, { knowledge: input.knowledge, customerMessage: input.message }, deps);
  return { reply, run };
}
