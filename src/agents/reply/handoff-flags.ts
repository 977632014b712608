/**
 * Flags a reply carries when the generator handed the message to a person instead of
 * answering; the auto-send policy turns each into a reason a person can read.
 */
export const HANDOFF_FLAGS = {
  /** Retrieval found no article at all. */
  noKnowledge: "no-knowledge",
  /** Articles were found, but none reaches the calibrated relevance cut-off. */
  notRelevant: "weak-match",
  /** The customer wrote in a language the reply (or the article it would quote) is not in. */
  languageMismatch: "language-mismatch",
  /** The customer named something (a place, a product) the article does not mention. */
  unmentionedName: "unmentioned-name",
} as const;

/** `language:<iso code>` records the customer's detected language on the reply's flags. */
export function languageFlag(code: string): string {
  return `language:${code}`;
}
