import { stem, tokenize } from "./extract-terms";
import { findPriceSpans } from "./find-claims";
import { STOPWORDS } from "./stopwords";

/**
 * A price in a reply can exist in the knowledge and still be wrong: "a dedicated desk is $250"
 * when $250 is the hot desk's. A reply's price is misattributed when the reply's sentence that
 * states it shares more words with a knowledge sentence stating other prices only than with
 * any knowledge sentence stating this price. A knowledge sentence counts with its article's
 * title ("Dedicated desk" / "$400 per month."). Only a reply sentence stating one price is
 * judged (with several, which words go with which price is a guess). Ties pass: two prices in one knowledge sentence
 * cannot be told apart this way, and the check must not block grounded replies on a guess.
 */
export function findMisattributedPrices(reply: string, articles: ReadonlyArray<{ title: string; body: string }>): string[] {
  const priced = articles.flatMap((article) => {
    const title = contentStems(article.title);
    return sentences(article.body).flatMap((sentence) => {
      const keys = new Set(findPriceSpans(sentence).map((span) => span.key));
      return keys.size === 0 ? [] : [{ keys, words: new Set([...contentStems(sentence), ...title]) }];
    });
  });

  const wrong: string[] = [];
  for (const sentence of sentences(reply)) {
    const words = new Set(contentStems(sentence));
    const overlap = (other: ReadonlySet<string>) => [...words].filter((w) => other.has(w)).length;
    const spans = findPriceSpans(sentence);
    // Several prices in one sentence of the reply share its words: which word goes with which
    // price is a guess, so only a sentence stating one price is judged.
    if (new Set(spans.map((span) => span.key)).size !== 1) continue;
    for (const { key, value } of spans.slice(0, 1)) {
      let own = -1;
      let others = -1;
      for (const candidate of priced) {
        if (candidate.keys.has(key)) own = Math.max(own, overlap(candidate.words));
        else others = Math.max(others, overlap(candidate.words));
      }
      // own < 0: the price is nowhere in the knowledge, which find-claims.ts reports.
      if (own >= 0 && others > own) wrong.push(value);
    }
  }
  return wrong;
}

function sentences(text: string): string[] {
  // Social replies often end a sentence with an emoji instead of a full stop.
  return text.split(/(?<=[.!?])\s+|\n+|(?<=\p{Extended_Pictographic})\s+(?=\p{Lu})/u).filter((s) => s.trim() !== "");
}

/** Stems of the words that can name a subject: letters, 3+ long, not stop words. */
function contentStems(text: string): string[] {
  return tokenize(text)
    .filter((w) => [...w].length >= 3 && /\p{L}/u.test(w) && !STOPWORDS.has(w))
    .map(stem);
}
