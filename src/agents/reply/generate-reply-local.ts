import { closingFor, detectTone, greetingFor } from "./detect-tone";
import { detectLanguage } from "./detect-language";
import { findUnmentionedNames } from "./find-unmentioned-names";
import { HANDOFF_FLAGS, languageFlag } from "./handoff-flags";
import type { ReplySurface } from "@/shared/reply-limits";
import { fitsPlatform, fitToPlatform } from "./fit-to-platform";
import { handoffResult } from "./safe-handoff";
import { selectKnowledge } from "./select-knowledge";
import type { ReplyInput, ReplyResult } from "./types";

/** The language of the local model's greeting and closing templates. */
const TEMPLATE_LANGUAGE = "en";

/**
 * The local (no-LLM) reply generator: extractive and tone-templated. It answers only with
 * sentences copied verbatim from the most relevant knowledge article, wrapped in a greeting
 * and closing chosen from the tone guidelines, so it cannot invent prices, links, dates or
 * promises, and it never repeats the customer's message (so no PII echo).
 *
 * It says "I don't know" (the safe hand-off, flagged for a person) when no article reaches the
 * relevance cut-off, when the customer writes in another language than its English templates
 * and the article (it cannot translate), or when the customer names something the article
 * does not mention (it cannot answer "no").
 */
export function generateReplyLocal(input: ReplyInput, options: { surface?: ReplySurface } = {}): ReplyResult {
  if (input.intent === "spam") return handoffResult(["spam"]);
  if (input.message.trim() === "") return handoffResult(["empty-message"]);
  if (input.knowledge.length === 0) return handoffResult([HANDOFF_FLAGS.noKnowledge]);

  const customerLanguage = detectLanguage(input.message);
  if (customerLanguage !== null && customerLanguage !== TEMPLATE_LANGUAGE) {
    return handoffResult([HANDOFF_FLAGS.languageMismatch, languageFlag(customerLanguage)]);
  }
  const match = selectKnowledge(input.message, input.knowledge);
  if (!match) return handoffResult([HANDOFF_FLAGS.notRelevant]);
  const articleLanguage = detectLanguage(`${match.snippet.title}. ${match.snippet.body}`);
  if (articleLanguage !== null && articleLanguage !== TEMPLATE_LANGUAGE) {
    return handoffResult([HANDOFF_FLAGS.languageMismatch, languageFlag(articleLanguage)]);
  }
  if (findUnmentionedNames(input.message, match.snippet, input.tone.companyName).length > 0) {
    return handoffResult([HANDOFF_FLAGS.unmentionedName]);
  }

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
