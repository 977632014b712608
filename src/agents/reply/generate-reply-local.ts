import { closingFor, detectTone, greetingFor } from "./detect-tone";
import { fitsPlatform, fitToPlatform, type ReplySurface } from "./platform-limits";
import { handoffResult } from "./safe-handoff";
import { selectKnowledge } from "./select-knowledge";
import type { ReplyInput, ReplyResult } from "./types";

/**
 * The local (no-LLM) reply generator: extractive and tone-templated. It answers only with
 * sentences copied verbatim from the best-matching knowledge article, wrapped in a greeting
 * and closing chosen from the tone guidelines, so it cannot invent prices, links, dates or
 * promises, and it never repeats the customer's message (so no PII echo). No usable article
 * -> the safe hand-off reply, flagged for a human.
 */
export function generateReplyLocal(input: ReplyInput, options: { surface?: ReplySurface } = {}): ReplyResult {
  if (input.intent === "spam") return handoffResult(["spam"]);
  if (input.message.trim() === "") return handoffResult(["empty-message"]);
  if (input.knowledge.length === 0) return handoffResult(["no-knowledge"]);

  const match = selectKnowledge(input.message, input.knowledge);
  if (!match) return handoffResult(["weak-match"]);

  const style = detectTone(input.tone.guidelines);
  const company = input.tone.companyName.trim();
  const greeting = greetingFor(style, input.intent, company);
  const closing = closingFor(style, company);
  const [first = "", second] = match.sentences;

  // Longest first; drop the closing, then the second sentence, then the greeting to fit.
  const candidates = [
    [greeting, first, second, closing],
    [greeting, first, closing],
    [greeting, first, second],
    [greeting, first],
    [first],
  ].map((parts) => parts.filter(Boolean).join(" "));
  const fitting = candidates.find((text) => fitsPlatform(text, input.platform, options.surface));
  const text = fitting ?? fitToPlatform(first, input.platform, options.surface);

  const flags = ["local-extractive"];
  if (!fitting) flags.push("truncated");
  return { text, handoff: false, flags, usedArticleIds: [match.snippet.id] };
}
