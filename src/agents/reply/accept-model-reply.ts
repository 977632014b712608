import { applyGuardrails, type GuardrailContext } from "./guardrails";
import { handoffResult } from "./safe-handoff";
import { replyOutputSchema, type ReplyResult } from "./types";

/**
 * Turns the reply model's raw structured output into a ReplyResult: validates it with
 * `replyOutputSchema`, hands off when the model is not confident, keeps only article ids that
 * were actually retrieved, then applies the guardrails.
 */
export function acceptModelReply(raw: unknown, ctx: GuardrailContext): ReplyResult {
  const parsed = replyOutputSchema.safeParse(raw);
  if (!parsed.success) return handoffResult(["model-output-invalid"]);
  const { reply, usedArticleIds, confident } = parsed.data;
  if (!confident) return handoffResult(["model-not-confident"]);
  const retrieved = new Set(ctx.knowledge.map((k) => k.id));
  const result: ReplyResult = {
    text: reply.trim(),
    handoff: false,
    flags: ["llm"],
    usedArticleIds: usedArticleIds.filter((id) => retrieved.has(id)),
  };
  return applyGuardrails(result, ctx);
}
