import { queryTerms, stem, tokenize } from "../../src/agents/reply/extract-terms";
import type { KnowledgeSnippet } from "../../src/agents/reply/types";

/** As many articles as the pipeline retrieves per message. */
export const KNOWLEDGE_LIMIT = 3;

/**
 * Stand-in for the pipeline's Postgres full-text search when knowledge is given inline: rank
 * = share of the message's content terms (with their synonyms) found in the article, best
 * `limit` articles with at least one hit. No hit at all -> no knowledge (the reply hands off).
 */
export function rankKnowledge(message: string, articles: ReadonlyArray<Omit<KnowledgeSnippet, "rank">>, limit = KNOWLEDGE_LIMIT): KnowledgeSnippet[] {
  const terms = queryTerms(message);
  if (terms.length === 0) return [];
  return articles
    .map((article, index) => {
      const stems = new Set(tokenize(`${article.title} ${article.body}`).map(stem));
      const hits = terms.filter((t) => t.alternatives.some((w) => stems.has(stem(w)))).length;
      return { snippet: { ...article, rank: hits / terms.length }, index };
    })
    .filter((a) => a.snippet.rank > 0)
    .sort((a, b) => b.snippet.rank - a.snippet.rank || a.index - b.index)
    .slice(0, limit)
    .map((a) => a.snippet);
}
