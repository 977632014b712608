import type { PlatformValue } from "./vocabulary";

/**
 * How long a reply may be, per platform and surface: the one table the reply agent, the
 * automatic-send rules, a person's reply, the connectors and the inbox composer all read. A reply
 * over the limit is refused by the platform, so these are hard ceilings, not style advice.
 * Imported by client components too: nothing here may need Node (no Buffer).
 *
 * Sources (checked 2026-11-30 with the search tool):
 * - X: a post is 280 *weighted* characters (docs.x.com/fundamentals/counting-characters and
 *   twitter-text config v3): code points in U+0000-10FF, U+2000-200D, U+2010-201F and
 *   U+2032-2037 weigh 1, others (CJK...) 2; an emoji sequence, however many code points and
 *   ZWJs, weighs 2; every URL weighs 23 (t.co); text is NFC-normalised first. Any public reply
 *   on X is a post, so COMMENT and MENTION share it. DMs: 10,000 characters.
 * - Instagram DMs: Meta's Instagram send-message page says both "1000 bytes or less" of UTF-8
 *   and, in its 2026 revision, "less than 1000 characters"; 999 bytes satisfies both. Comment
 *   replies 2,200 characters (widely cited; not found on a Meta page).
 * - Facebook: Messenger Send API text 2,000 characters; Page comment replies 8,000.
 * - LinkedIn comments 1,250, messages 8,000; WhatsApp Cloud API text 4,096 (no public surface);
 *   Demo mirrors Messenger.
 * "chars" counts code points, as the platforms do (an emoji made of a surrogate pair is one).
 */
export type ReplySurface = "DM" | "COMMENT" | "MENTION";
export type LengthUnit = "chars" | "utf8-bytes" | "x-weighted";
export type LengthLimit = { readonly max: number; readonly unit: LengthUnit };

const chars = (max: number): LengthLimit => ({ max, unit: "chars" });
const X_POST: LengthLimit = { max: 280, unit: "x-weighted" };

export const REPLY_LIMITS: Readonly<Record<PlatformValue, Readonly<Record<ReplySurface, LengthLimit>>>> = {
  X: { DM: chars(10_000), COMMENT: X_POST, MENTION: X_POST },
  INSTAGRAM: { DM: { max: 999, unit: "utf8-bytes" }, COMMENT: chars(2_200), MENTION: chars(2_200) },
  FACEBOOK: { DM: chars(2_000), COMMENT: chars(8_000), MENTION: chars(8_000) },
  LINKEDIN: { DM: chars(8_000), COMMENT: chars(1_250), MENTION: chars(1_250) },
  WHATSAPP: { DM: chars(4_096), COMMENT: chars(4_096), MENTION: chars(4_096) },
  DEMO: { DM: chars(2_000), COMMENT: chars(2_000), MENTION: chars(2_000) },
};

/** The longest reply any surface takes: a sanity bound for request bodies, before the platform's own check. */
export const MAX_REPLY_LENGTH = Math.max(...Object.values(REPLY_LIMITS).flatMap((row) => Object.values(row).map((l) => l.max)));

/**
 * The limit for a surface, or, when the surface is not known, the strictest one on the platform
 * (X: 280, Instagram: 999 bytes, LinkedIn: 1,250, ...), which fits every surface.
 */
export function replyLimit(platform: PlatformValue, surface?: ReplySurface): LengthLimit {
  const row = REPLY_LIMITS[platform];
  if (surface) return row[surface];
  return [row.DM, row.COMMENT, row.MENTION].reduce((a, b) => (b.max < a.max ? b : a));
}

/** The text's size in the limit's unit, and whether it fits. */
export function measureReply(text: string, limit: LengthLimit): { size: number; fits: boolean } {
  const size = measureLength(text, limit.unit);
  return { size, fits: size <= limit.max };
}

export function measureLength(text: string, unit: LengthUnit): number {
  if (unit === "chars") return countCodePoints(text);
  if (unit === "utf8-bytes") return utf8Bytes(text);
  let total = 0;
  for (const { weight } of replyPieces(text, unit)) total += weight;
  return total;
}

const LABELS: Readonly<Record<PlatformValue, string>> = { X: "X", INSTAGRAM: "Instagram", FACEBOOK: "Facebook", LINKEDIN: "LinkedIn", WHATSAPP: "WhatsApp", DEMO: "Demo" };
/** The platform's name as people know it, for the messages about its rules. */
export const platformLabel = (platform: PlatformValue): string => LABELS[platform];
export const UNIT_WORDS: Readonly<Record<LengthUnit, string>> = { chars: "characters", "utf8-bytes": "bytes", "x-weighted": "characters" };

/** The rule in words, for people: "X replies are limited to 280 characters (URLs count 23)". */
export function describeReplyLimit(platform: PlatformValue, surface: ReplySurface): string {
  const limit = replyLimit(platform, surface);
  const what = surface === "DM" ? "messages" : surface === "COMMENT" && platform !== "X" ? "comment replies" : "replies";
  const base = `${LABELS[platform]} ${what} are limited to ${limit.max.toLocaleString("en-US")} ${UNIT_WORDS[limit.unit]}`;
  if (limit.unit === "x-weighted") return `${base} (URLs count 23, emoji and CJK characters 2)`;
  if (limit.unit === "utf8-bytes") return `${base} of text (accented letters and emoji take 2 to 4)`;
  return base;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const X_URL_WEIGHT = 23;
// A URL stops before trailing punctuation, as twitter-text's extractor does. Only http(s):// and
// www. URLs are found, not bare domains ("shop.com"): such a post may weigh more on X than here.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s]+?(?=[.,!?;:)\]'"]*(?:\s|$))/giu;
// Emoji: pictographs, flags (regional-indicator pairs) and keycaps ("1️⃣").
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

/**
 * The text cut into pieces that cannot be split (graphemes; for X, whole URLs), each with its
 * weight in `unit`; the weights add up to measureLength. For X the text is NFC-normalised first,
 * so the pieces join into the normalised text. Used to shorten a reply without breaking a piece.
 */
export function* replyPieces(text: string, unit: LengthUnit): Generator<{ segment: string; weight: number }> {
  if (unit !== "x-weighted") {
    for (const { segment } of graphemes.segment(text)) yield { segment, weight: unit === "chars" ? countCodePoints(segment) : utf8Bytes(segment) };
    return;
  }
  const normalised = text.normalize("NFC");
  let from = 0;
  for (const match of normalised.matchAll(URL_PATTERN)) {
    yield* xGraphemes(normalised.slice(from, match.index));
    yield { segment: match[0], weight: X_URL_WEIGHT };
    from = match.index + match[0].length;
  }
  yield* xGraphemes(normalised.slice(from));
}

function* xGraphemes(text: string): Generator<{ segment: string; weight: number }> {
  for (const { segment } of graphemes.segment(text)) {
    const points = [...segment];
    // An emoji sequence counts once, as 2; "©" alone stays a Latin-1 character of weight 1 (it is only an emoji with U+FE0F).
    const emoji = EMOJI.test(segment) && points.some((p) => !isXLight(p));
    yield { segment, weight: emoji ? 2 : points.reduce((sum, p) => sum + (isXLight(p) ? 1 : 2), 0) };
  }
}

function isXLight(point: string): boolean {
  const cp = point.codePointAt(0) ?? 0;
  return cp <= 0x10ff || (cp >= 0x2000 && cp <= 0x200d) || (cp >= 0x2010 && cp <= 0x201f) || (cp >= 0x2032 && cp <= 0x2037);
}

function countCodePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1) count += 1;
  return count;
}

/** UTF-8 length without Buffer (this module runs in the browser too); a lone surrogate encodes as 3 bytes (U+FFFD). */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const point of text) {
    const cp = point.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
