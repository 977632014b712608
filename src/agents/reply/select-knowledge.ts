import { queryTerms, stem, tokenize, type QueryTerm } from "./extract-terms";
import type { KnowledgeSnippet } from "./types";

export type KnowledgeMatch = {
  snippet: KnowledgeSnippet;
  /** 0-1: how much of the message the article covers, boosted by title hits and rank. */
  score: number;
  /** The 1-2 body sentences most relevant to the message, verbatim, in article order. */
  sentences: string[];
};

/** Below this the best article is too weak a match to answer from. */
export const MIN_MATCH_SCORE = 0.3;
const MAX_SENTENCES = 2;

/**
 * Picks the knowledge snippet that best answers the message (term overlap with the message,
 * title hits, and the retrieval rank) and extracts its most relevant sentences. Returns null
 * when the message has no content words or no article matches well enough.
 */
export function selectKnowledge(message: string, knowledge: readonly KnowledgeSnippet[]): KnowledgeMatch | null {
  const terms = queryTerms(message);
  if (terms.length === 0 || knowledge.length === 0) return null;
  const maxRank = Math.max(0, ...knowledge.map((k) => k.rank));

  let best: KnowledgeMatch | null = null;
  for (const snippet of knowledge) {
    const titleStems = stemSet(snippet.title);
    const bodyStems = stemSet(snippet.body);
    const inBody = terms.filter((t) => matches(t, bodyStems) || matches(t, titleStems)).length;
    if (inBody === 0) continue;
    const inTitle = terms.filter((t) => matches(t, titleStems)).length;
    const rank = maxRank > 0 ? Math.max(0, snippet.rank) / maxRank : 0;
    const score = 0.6 * (inBody / terms.length) + 0.2 * (inTitle / terms.length) + 0.2 * rank;
    if (!best || score > best.score) best = { snippet, score, sentences: [] };
  }
  if (!best || best.score < MIN_MATCH_SCORE) return null;
  const sentences = relevantSentences(best.snippet.body, terms);
  return sentences.length > 0 ? { ...best, sentences } : null;
}

function relevantSentences(body: string, terms: readonly QueryTerm[]): string[] {
  const sentences = splitSentences(body);
  const scored = sentences.map((sentence, index) => {
    const stems = stemSet(sentence);
    return { sentence, index, hits: terms.filter((t) => matches(t, stems)).length };
  });
  const chosen = scored
    .filter((s) => s.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.index - b.index)
    .slice(0, MAX_SENTENCES)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.sentence);
  // Only the title matched: the article's opening sentence is its summary.
  return chosen.length > 0 ? chosen : sentences.slice(0, 1);
}

/** Sentences and list items of an article body, trimmed, bullets removed. */
export function splitSentences(body: string): string[] {
  return body
    .split(/(?<=[.!?。！？])\s+|\n+/u)
    .map((s) => s.replace(/^\s*(?:[-*•·]|\d+[.)])\s+/u, "").trim())
    .filter((s) => /\p{L}/u.test(s));
}

function stemSet(text: string): Set<string> {
  return new Set(tokenize(text).map(stem));
}

function matches(term: QueryTerm, stems: ReadonlySet<string>): boolean {
  return term.alternatives.some((word) => stems.has(stem(word)));
}
