import type { AgentDeps } from "../agent-deps";
import { streamDraft } from "../llm/stream-reply";
import { truncateHistory } from "../llm/token-budget";
import { generateReplyLocal } from "./generate-reply-local";
import { applyGuardrails } from "./guardrails";
import type { ReplySurface } from "./platform-limits";
import { buildReplyPrompt, type HistoryTurn } from "./prompt";
import type { ReplyInput, ReplyResult } from "./types";

/**
 * A draft streamed to the inbox as the model writes it. The guardrails judge the finished text:
 * `result()` resolves, after the stream ends, to the reply (or the safe hand-off) to store.
 */
export function streamDraftReply(input: ReplyInput, opts: { history?: HistoryTurn[]; surface?: ReplySurface }, deps: AgentDeps) {
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
    settle(
      applyGuardrails(
        { text: full.trim(), handoff: input.knowledge.length === 0, flags: ["streamed"], usedArticleIds: [] },
        { knowledge: input.knowledge, customerMessage: input.message, platform: input.platform, surface: opts.surface, companyName: input.tone.companyName },
      ),
    );
  }
  return { chunks: chunks(), result: () => result };
}
