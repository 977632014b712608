import type { AgentDeps } from "../agent-deps";
import { streamDraft } from "../llm/stream-reply";
import { truncateHistory } from "../llm/token-budget";
import { generateReplyLocal } from "./generate-reply-local";
import { checkReplyLanguage } from "./check-reply-language";
import { applyGuardrails } from "./guardrails";
import { HANDOFF_FLAGS } from "./handoff-flags";
import type { ReplySurface } from "@/shared/reply-limits";
import { buildReplyPrompt, type HistoryTurn } from "./prompt";
import { handoffResult } from "./safe-handoff";
import { relevantKnowledge } from "./score-relevance";
import type { ReplyInput, ReplyResult } from "./types";

/**
 * A draft streamed to the inbox as the model writes it. The guardrails judge the finished text:
 * `result()` resolves, after the stream ends, to the reply (or the safe hand-off) to store.
 */
export function streamDraftReply(retrieved: ReplyInput, opts: { history?: HistoryTurn[]; surface?: ReplySurface }, deps: AgentDeps) {
  // Only relevant articles reach the model, as in generateReply.
  const knowledge = relevantKnowledge(retrieved.message, retrieved.knowledge).map(({ relevance: _relevance, ...k }) => k);
  const input: ReplyInput = { ...retrieved, knowledge };
  let full = "";
  let settle: (r: ReplyResult) => void = () => undefined;
  const result = new Promise<ReplyResult>((resolve) => (settle = resolve));
  const history = truncateHistory(opts.history ?? [], 1_500);
  async function* chunks(): AsyncGenerator<string, void> {
    for await (const chunk of streamDraft({
      chain: deps.chain,
      registry: deps.registry,
      buildPrompt: () => buildReplyPrompt(input, history, "text"),
      local: () => generateReplyLocal(input, { surface: opts.surface }).text,
      timeoutMs: deps.timeoutMs,
      budget: deps.budget,
      onRun: deps.onRun,
      logger: deps.logger,
    })) {
      full += chunk;
      yield chunk;
    }
    const guarded = applyGuardrails(
      input.knowledge.length === 0
        ? handoffResult(["streamed", retrieved.knowledge.length === 0 ? HANDOFF_FLAGS.noKnowledge : HANDOFF_FLAGS.notRelevant])
        : { text: full.trim(), handoff: false, flags: ["streamed"], usedArticleIds: [] },
      { knowledge: input.knowledge, customerMessage: input.message, platform: input.platform, surface: opts.surface, companyName: input.tone.companyName },
    );
    settle(checkReplyLanguage(guarded, input.message));
  }
  return { chunks: chunks(), result: () => result };
}
