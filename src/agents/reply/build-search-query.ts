import { queryTerms } from "./extract-terms";

const MAX_TERMS = 16;

/**
 * Keywords from an anonymised customer message for
 * `websearch_to_tsquery('english', $1)`: placeholders, URLs, punctuation, stopwords and bare
 * numbers are dropped, everyday synonyms added ("how much" -> price, cost, ...) and the words
 * OR-joined ("price OR pricing OR cost OR enterprise"), so
 * an article matching any of them is a candidate and `ts_rank` orders them. Only letters and
 * digits survive, so nothing in the message can inject websearch syntax (quotes, "-", "or").
 * Returns null when nothing searchable is left.
 */
export function buildSearchQuery(message: string): string | null {
  const terms = queryTerms(message);
  // The customer's own words first, then synonyms, capped to keep the query cheap.
  const words = new Set([...terms.map((t) => t.term), ...terms.flatMap((t) => t.alternatives)]);
  const selected = [...words].slice(0, MAX_TERMS);
  return selected.length > 0 ? selected.join(" OR ") : null;
}
