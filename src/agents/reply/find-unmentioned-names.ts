import { PLACEHOLDER_PATTERN } from "@/shared/privacy/placeholders";
import { stem, tokenize } from "./extract-terms";

export const NAME = /\p{Lu}[\p{L}'’-]*/gu;
export const SENTENCE_START = /(?:^|[.!?¿¡:;\n]\s*|^\s*(?:hi|hey|hello|hola|bonjour|hallo|olá|oi)\s*[,!]?\s+)$/iu;

/**
 * Capitalised words in the middle of the customer's sentences (places, products, brands:
 * "Mexico", "Salesforce") that the article never mentions. The extractive model cannot say
 * "no" or "we don't": when the customer names something the article is silent about, the
 * honest answer is "I don't know", so it hands the message to a person.
 */
export function findUnmentionedNames(message: string, article: { title: string; body: string }, companyName = ""): string[] {
  const text = message.replace(PLACEHOLDER_PATTERN, " ");
  const known = new Set(tokenize(`${article.title}\n${article.body}\n${companyName}`).map(stem));
  const missing = new Set<string>();
  for (const match of text.matchAll(NAME)) {
    const word = match[0].replace(/['’].*$/u, "");
    if ([...word].length < 2 || word === "I") continue;
    if (SENTENCE_START.test(text.slice(0, match.index))) continue;
    if (!known.has(stem(word.toLowerCase()))) missing.add(word);
  }
  return [...missing];
}
