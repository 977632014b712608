import { queryTerms, stem, tokenize, type QueryTerm } from "./extract-terms";
import { relevantKnowledge, RELEVANCE_CUTOFF } from "./score-relevance";
import type { KnowledgeSnippet } from "./types";

export type KnowledgeMatch = {
  snippet: KnowledgeSnippet;
  /** 0-1 relevance of the article to the message (see score-relevance.ts). */
  score: number;
  /** The 1-2 body sentences most relevant to the message, verbatim, in article order. */
  sentences: string[];
};

const MAX_SENTENCES = 2;

/**
 * Picks the most relevant knowledge snippet at or above the calibrated relevance cut-off and
 * extracts its most relevant sentences. Returns null when the message has no content words or
 * no article is relevant enough: the best of the articles that exist is not good enough.
 */
export function selectKnowledge(message: string, knowledge: readonly KnowledgeSnippet[], cutoff = RELEVANCE_CUTOFF): KnowledgeMatch | null {
  const terms = queryTerms(message);
  if (terms.length === 0 || knowledge.length === 0) return null;
  const [best] = relevantKnowledge(message, knowledge, cutoff);
  if (!best) return null;
  const { relevance, ...snippet } = best;
  const sentences = relevantSentences(snippet.body, terms);
  return sentences.length > 0 ? { snippet, score: relevance, sentences } : null;
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
