import { measureLength, replyLimit, replyPieces, type ReplySurface } from "@/shared/reply-limits";
import { toPlatformValue } from "@/shared/vocabulary";
import type { Platform } from "./types";

/** The platform's limit for a reply from the agents (their lower-case platform names). */
export function agentReplyLimit(platform: Platform, surface?: ReplySurface) {
  return replyLimit(toPlatformValue(platform), surface);
}

export function fitsPlatform(text: string, platform: Platform, surface?: ReplySurface): boolean {
  const limit = agentReplyLimit(platform, surface);
  return measureLength(text, limit.unit) <= limit.max;
}

const ELLIPSIS = "…";

/**
 * Shortens `text` to the platform limit: at the last sentence end that keeps at least 40% of
 * the budget, else at the last word boundary plus an ellipsis, else (unspaced scripts) at a
 * grapheme boundary. Never splits an emoji, a surrogate pair or (on X) a URL.
 */
export function fitToPlatform(text: string, platform: Platform, surface?: ReplySurface): string {
  const trimmed = text.trim();
  const limit = agentReplyLimit(platform, surface);
  if (measureLength(trimmed, limit.unit) <= limit.max) return trimmed;

  const budget = limit.max - measureLength(ELLIPSIS, limit.unit);
  let prefix = "";
  let used = 0;
  let next = "";
  for (const { segment, weight } of replyPieces(trimmed, limit.unit)) {
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
