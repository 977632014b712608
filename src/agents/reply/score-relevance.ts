import cutoffFile from "./model/relevance-cutoff.json";
import { queryTerms, stem, tokenize, type QueryTerm } from "./extract-terms";
import type { KnowledgeSnippet } from "./types";

/**
 * How well an article covers a customer's question, 0-1: the share of the question's content
 * words (with their synonyms, in English, Spanish, French, German and Portuguese) that the
 * article's title or body contains. Words that name a concept ("price", "shipping", "refund")
 * weigh twice as much as other words. Retrieval's `ts_rank` is deliberately not part of it:
 * rank says which article is the best of those that exist, not whether any of them answers.
 */
export function scoreRelevance(question: string, article: { title: string; body: string }): number {
  return scoreTerms(queryTerms(question), articleStems(article));
}

/**
 * The cut-off below which an article is not used. Fitted on the dev set by
 * `npx tsx src/agents/reply/training/calibrate-relevance.ts` (see model/relevance-cutoff.json for the
 * dev-set precision and recall); a test checks the shipped value matches the data.
 */
export const RELEVANCE_CUTOFF: number = cutoffFile.cutoff;

export type ScoredSnippet = KnowledgeSnippet & { relevance: number };

/**
 * The retrieved articles that are relevant to the question, most relevant first; on a tie the
 * article whose title covers more of the question wins ("Shipping" over a pricing article
 * that mentions what each plan ships), then retrieval rank.
 */
export function relevantKnowledge(question: string, knowledge: readonly KnowledgeSnippet[], cutoff = RELEVANCE_CUTOFF): ScoredSnippet[] {
  const terms = queryTerms(question);
  return knowledge
    .map((k) => ({ snippet: { ...k, relevance: scoreTerms(terms, articleStems(k)) }, title: scoreTerms(terms, articleStems({ title: k.title, body: "" })) }))
    .filter((k) => k.snippet.relevance >= cutoff)
    .sort((a, b) => b.snippet.relevance - a.snippet.relevance || b.title - a.title || b.snippet.rank - a.snippet.rank)
    .map((k) => k.snippet);
}

function scoreTerms(terms: readonly QueryTerm[], stems: ReadonlySet<string>): number {
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    const weight = term.alternatives.length > 1 ? 2 : 1;
    total += weight;
    if (term.alternatives.some((word) => stems.has(stem(word)))) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}

function articleStems(article: { title: string; body: string }): Set<string> {
  return new Set(tokenize(`${article.title}\n${article.body}`).map(stem));
}
