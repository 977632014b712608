import { detectLanguage, sameLanguage } from "./detect-language";
import { HANDOFF_FLAGS, languageFlag } from "./handoff-flags";
import { handoffResult } from "./safe-handoff";
import type { ReplyResult } from "./types";

/**
 * A reply must be in the customer's language (the tone guidelines say so, and the prompt asks
 * for it, but a model may not comply). When the customer's language is known and the reply's
 * is different, or cannot be told, the reply becomes the safe hand-off for a person, flagged
 * `language-mismatch` and `language:<code>`. A hand-off is returned as it is.
 */
export function checkReplyLanguage(result: ReplyResult, customerMessage: string): ReplyResult {
  if (result.handoff) return result;
  const customer = detectLanguage(customerMessage);
  if (customer === null || sameLanguage(customer, detectLanguage(result.text))) return result;
  return handoffResult([...result.flags, HANDOFF_FLAGS.languageMismatch, languageFlag(customer)]);
}
