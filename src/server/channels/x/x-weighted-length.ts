/**
 * X's weighted post length (docs.x.com/fundamentals/counting-characters, checked 2026-11-30;
 * twitter-text config v3): code points in four Latin/punctuation ranges weigh 1, everything
 * else (CJK, most other scripts) 2; an emoji sequence, however many code points and ZWJs it
 * joins, weighs 2; every URL weighs 23 (t.co); text is NFC-normalised first.
 * Approximation: only http(s):// and www. URLs are detected, not bare domains ("shop.com"),
 * so such a post may weigh more on X than here; X then refuses it and the reply is rejected.
 */
export const X_MAX_POST_WEIGHT = 280;
export const X_URL_WEIGHT = 23;

const LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
// A URL stops before trailing punctuation, as twitter-text's extractor does.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s]+?(?=[.,!?;:)\]'"]*(?:\s|$))/giu;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

const isLight = (char: string) => {
  const code = char.codePointAt(0) ?? 0;
  return LIGHT_RANGES.some(([lo, hi]) => code >= lo && code <= hi);
};

export function xWeightedLength(text: string): number {
  const normalised = text.normalize("NFC");
  const urls = normalised.match(URL_PATTERN) ?? [];
  let weight = urls.length * X_URL_WEIGHT;
  for (const { segment } of segmenter.segment(normalised.replace(URL_PATTERN, ""))) {
    const chars = [...segment];
    // An emoji sequence counts once (© alone stays a Latin-1 character of weight 1).
    if (PICTOGRAPHIC.test(segment) && chars.some((c) => !isLight(c))) weight += 2;
    else weight += chars.reduce((sum, c) => sum + (isLight(c) ? 1 : 2), 0);
  }
  return weight;
}
