import type { AgentDeps } from "../agent-deps";
import type { AgentRunRecord } from "../llm/agent-run-record";
import { runAgentCall } from "../llm/run-agent-call";
import { truncateHistory } from "../llm/token-budget";
import { acceptModelReply } from "./accept-model-reply";
import { applyGuardrails } from "./guardrails";
import { generateReplyLocal } from "./generate-reply-local";
import type { ReplySurface } from "./platform-limits";
import { buildReplyPrompt, REPLY_PROMPT_VERSION, type HistoryTurn } from "./prompt";
import { handoffResult } from "./safe-handoff";
import { replyOutputSchema, type ReplyInput, type ReplyResult } from "./types";

const HISTORY_TOKEN_BUDGET = 1_500;

/**
 * Reply generator agent. The knowledge snippets are the only source of facts; whatever path
 * produced the text (LLM, cache or the local extractive model), the guardrails decide whether
 * it may be used or becomes the safe hand-off.
 */
export async function generateReply(
  input: ReplyInput,
  opts: { history?: HistoryTurn[]; surface?: ReplySurface },
  deps: AgentDeps,
): Promise<{ reply: ReplyResult; run: AgentRunRecord }> {
  if (input.knowledge.length === 0) {
    // Nothing to ground an answer in: never invent one, and don't pay a model to say so.
    return {
      reply: handoffResult(["no-knowledge"]),
      run: { agent: "reply", provider: "local", model: "builtin", latencyMs: 0, tokensIn: 0, tokensOut: 0, costUsd: 0, costPriced: true, cacheHit: false, outcome: "ok", attempts: [] },
    };
  }
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
  const checked = localResult ? applyGuardrails(localResult, guardrailContext) : acceptModelReply(value, guardrailContext);
  const reply = localResult ? { ...checked, flags: [...checked.flags, "local-model"] } : checked;
  return { reply, run };
}
