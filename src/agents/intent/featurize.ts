/**
 * Turns normalised text into a hashed sparse vector: word unigrams and bigrams plus character
 * 3-5-grams inside each padded word, log-scaled counts, L2-normalised.
 * Hashing is FNV-1a over UTF-16 code units, computed incrementally so no n-gram string is built.
 */
export const HASH_BITS = 20;
const HASH_MASK = (1 << HASH_BITS) - 1;
const CHAR_NGRAM_MIN = 3;
const CHAR_NGRAM_MAX = 5;
/** Longer "words" (base64 blobs, keyboard mashing) add nothing but noise and time. */
const MAX_WORD_CHARS_FOR_CHARGRAMS = 24;
/** A normalised message longer than this many words is cut (normaliseText already caps chars). */
const MAX_WORDS = 1_000;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export type SparseVector = { indices: Int32Array; values: Float32Array };

function mixChar(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

function mixString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = mixChar(h, text.charCodeAt(i));
  return h;
}

const SEED_WORD = mixString(FNV_OFFSET, "w\u0001");
const SEED_BIGRAM = mixString(FNV_OFFSET, "b\u0001");
const SEED_CHAR = mixString(FNV_OFFSET, "c\u0001");

function add(counts: Map<number, number>, hash: number): void {
  const bucket = hash & HASH_MASK;
  counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
}

function addCharNgrams(counts: Map<number, number>, word: string): void {
  const padded = ` ${word.slice(0, MAX_WORD_CHARS_FOR_CHARGRAMS)} `;
  for (let start = 0; start + CHAR_NGRAM_MIN <= padded.length; start++) {
    let h = SEED_CHAR;
    const end = Math.min(padded.length, start + CHAR_NGRAM_MAX);
    for (let i = start; i < end; i++) {
      h = mixChar(h, padded.charCodeAt(i));
      if (i - start + 1 >= CHAR_NGRAM_MIN) add(counts, h);
    }
  }
}

/** Features of text that has already been through normaliseText. */
export function featurize(normalised: string): SparseVector {
  const counts = new Map<number, number>();
  const words = normalised.split(" ").filter((w) => w.length > 0).slice(0, MAX_WORDS);
  let previous = "<s>";
  for (const word of words) {
    add(counts, mixString(SEED_WORD, word));
    add(counts, mixString(mixChar(mixString(SEED_BIGRAM, previous), 32), word));
    addCharNgrams(counts, word);
    previous = word;
  }
  const indices = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let norm = 0;
  let i = 0;
  for (const [bucket, count] of counts) {
    const value = 1 + Math.log(count);
    indices[i] = bucket;
    values[i] = value;
    norm += value * value;
    i++;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let j = 0; j < values.length; j++) values[j] = (values[j] ?? 0) * scale;
  }
  return { indices, values };
}
