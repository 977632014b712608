import type { Platform } from "./types";

/**
 * Reply length limits per platform and surface (checked 2026-11; see sources). A reply that is
 * over the limit is rejected by the platform, so these are hard ceilings, not style advice.
 * - x: a post (reply to a mention) is 280 *weighted* characters: most Latin text counts 1,
 *   CJK and emoji count 2, every URL counts 23 (twitter-text v3 config). DMs take 10,000.
 * - instagram: Instagram Messaging rejects text over 1,000 *bytes* of UTF-8 (not characters);
 *   comments and comment replies take 2,200 characters.
 * - facebook: Messenger Send API text takes 2,000 characters; Page comments 8,000.
 * - linkedin: comments 1,250 characters; messages 8,000.
 * - whatsapp: Cloud API text body 4,096 characters (no comments).
 * - demo: our own channel; mirrors Messenger.
 */
export type ReplySurface = "dm" | "comment";
export type LengthUnit = "chars" | "utf8-bytes" | "x-weighted";
export type LengthLimit = { max: number; unit: LengthUnit };

export const PLATFORM_LIMITS: Record<Platform, Record<ReplySurface, LengthLimit>> = {
  x: { dm: { max: 10_000, unit: "chars" }, comment: { max: 280, unit: "x-weighted" } },
  instagram: { dm: { max: 1_000, unit: "utf8-bytes" }, comment: { max: 2_200, unit: "chars" } },
  facebook: { dm: { max: 2_000, unit: "chars" }, comment: { max: 8_000, unit: "chars" } },
  linkedin: { dm: { max: 8_000, unit: "chars" }, comment: { max: 1_250, unit: "chars" } },
  whatsapp: { dm: { max: 4_096, unit: "chars" }, comment: { max: 4_096, unit: "chars" } },
  demo: { dm: { max: 2_000, unit: "chars" }, comment: { max: 2_000, unit: "chars" } },
};

/**
 * The limit for a surface, or, when the surface is not known, the strictest one on the
 * platform (X: 280, Instagram: 1,000 bytes, LinkedIn: 1,250, ...), which fits both.
 */
export function replyLimit(platform: Platform, surface?: ReplySurface): LengthLimit {
  const limits = PLATFORM_LIMITS[platform];
  if (surface) return limits[surface];
  return limits.dm.max <= limits.comment.max ? limits.dm : limits.comment;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const URL_IN_TEXT = /(https?:\/\/\S+|www\.\S+)/iu;
const X_URL_WEIGHT = 23;

/** The text cut into units that cannot be split (graphemes; for X, whole URLs) with weights. */
function* pieces(text: string, unit: LengthUnit): Generator<{ segment: string; weight: number }> {
  const parts = unit === "x-weighted" ? text.normalize("NFC").split(URL_IN_TEXT) : [text];
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 1) {
      yield { segment: part, weight: X_URL_WEIGHT }; // split() puts captured URLs at odd indexes
      continue;
    }
    for (const { segment } of graphemes.segment(part)) yield { segment, weight: weigh(segment, unit) };
  }
}

/** Code points, as the platforms count them (a surrogate pair is one). */
function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff || i === 0 || text.charCodeAt(i - 1) < 0xd800 || text.charCodeAt(i - 1) > 0xdbff) count += 1;
  }
  return count;
}

function weigh(grapheme: string, unit: LengthUnit): number {
  switch (unit) {
    case "chars":
      return countCodePoints(grapheme);
    case "utf8-bytes":
      return Buffer.byteLength(grapheme, "utf8");
    case "x-weighted":
      return xWeight(grapheme);
  }
}

export function measureLength(text: string, unit: LengthUnit): number {
  // Graphemes partition the text, so these two need no segmentation.
  if (unit === "chars") return countCodePoints(text);
  if (unit === "utf8-bytes") return Buffer.byteLength(text, "utf8");
  let total = 0;
  for (const { weight } of pieces(text, unit)) total += weight;
  return total;
}

/** twitter-text v3: code points in these ranges weigh 1, everything else 2; an emoji weighs 2. */
function xWeight(grapheme: string): number {
  if (/\p{Extended_Pictographic}/u.test(grapheme)) return 2;
  let weight = 0;
  for (const ch of grapheme) {
    const cp = ch.codePointAt(0) ?? 0;
    const light =
      cp <= 0x10ff || (cp >= 0x2000 && cp <= 0x200d) || (cp >= 0x2010 && cp <= 0x201f) || (cp >= 0x2032 && cp <= 0x2037);
    weight += light ? 1 : 2;
  }
  return weight;
}

export function fitsPlatform(text: string, platform: Platform, surface?: ReplySurface): boolean {
  const limit = replyLimit(platform, surface);
  return measureLength(text, limit.unit) <= limit.max;
}

const ELLIPSIS = "…";

/**
 * Shortens `text` to the platform limit: at the last sentence end that keeps at least 40% of
 * the budget, else at the last word boundary plus an ellipsis, else (unspaced scripts) at a
 * grapheme boundary. Never splits an emoji or a surrogate pair.
 */
export function fitToPlatform(text: string, platform: Platform, surface?: ReplySurface): string {
  const trimmed = text.trim();
  const limit = replyLimit(platform, surface);
  if (measureLength(trimmed, limit.unit) <= limit.max) return trimmed;

  const budget = limit.max - measureLength(ELLIPSIS, limit.unit);
  let prefix = "";
  let used = 0;
  let next = "";
  for (const { segment, weight } of pieces(trimmed, limit.unit)) {
    if (used + weight > budget) {
      next = segment;
      break;
    }
    prefix += segment;
    used += weight;
  }

  const sentenceEnd = lastSentenceEnd(prefix + (next || " "));
  if (sentenceEnd > 0 && measureLength(prefix.slice(0, sentenceEnd), limit.unit) >= limit.max * 0.4) {
    return prefix.slice(0, sentenceEnd).trim();
  }
  const space = prefix.search(/\s\S*$/u);
  const cut = space > prefix.length * 0.5 ? prefix.slice(0, space) : prefix;
  return `${cut.replace(/[\s,;:\-–—]+$/u, "")}${ELLIPSIS}`;
}

/** Index just past the last ".", "!", "?" (or CJK equivalents) that is followed by a space. */
function lastSentenceEnd(text: string): number {
  let end = -1;
  for (const match of text.matchAll(/[.!?…](?=\s)|[。！？]/gu)) end = (match.index ?? 0) + match[0].length;
  return end;
}
