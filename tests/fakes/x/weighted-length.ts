/**
 * X's weighted post length (docs.x.com/fundamentals/counting-characters): code points in the
 * Latin/punctuation ranges weigh 1, everything else (CJK, emoji) 2, every URL counts as 23,
 * and a post may weigh at most 280. Emoji sequences are approximated per code point.
 */
const LIGHT_RANGES: [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];
const URL = /https?:\/\/[^\s]+/g;

export function weightedLength(text: string): number {
  const urls = text.match(URL) ?? [];
  const rest = text.replace(URL, "");
  let weight = urls.length * 23;
  for (const char of rest.normalize("NFC")) {
    const code = char.codePointAt(0) ?? 0;
    weight += LIGHT_RANGES.some(([lo, hi]) => code >= lo && code <= hi) ? 1 : 2;
  }
  return weight;
}

export const MAX_POST_WEIGHT = 280;
