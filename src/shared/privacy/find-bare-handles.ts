import { isEverydayWord } from "./common-words";
import type { DetectedSpan } from "./detected-span";

/**
 * Social handles written without "@" after a cue: "my ig is coffee.lover_22", "insta:
 * jane.doe", "find me on tiktok janedoe99", "username - jd_88". The "@" form is found by
 * find-contact-details. After "is", ":" or "-" any non-everyday word is taken as the handle; right
 * after the platform word only one that looks like a handle (has a digit, "_" or ".") is, so
 * "I saw it on Instagram yesterday" and "the tiktok shop" are left alone.
 */
const PLATFORMS = [
  "ig", "insta", "instagram", "tiktok", "tik tok", "twitter", "x", "snap", "snapchat", "sc", "telegram", "tg", "threads",
  "discord", "fb", "facebook", "handle", "username", "user name", "user", "account",
].sort((a, b) => b.length - a.length);
/** Words that describe an account rather than name it ("my ig is private"). */
const DESCRIPTIONS = new Set(["private", "public", "closed", "open", "down", "hacked", "blocked", "new", "old", "same", "below", "above", "gone", "deleted", "suspended"]);
const CUE = new RegExp(
  `(?:${PLATFORMS.join("|").replace(/ /g, "[ \\t]+")})(?![\\p{L}\\p{N}_])` +
    `(?:[ \\t]+(?:handle|account|username|name|id|page))?` +
    `([ \\t]*(?:is|:|=|-|–|—)?[ \\t]*(?:is[ \\t]+)?)` +
    `@?([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_@]|\\.[A-Za-z0-9_])`,
  "giu",
);
const LOOKS_LIKE_HANDLE = /[\d_.]/;

export function findBareHandles(text: string): DetectedSpan[] {
  const spans: DetectedSpan[] = [];
  for (const match of text.matchAll(CUE)) {
    const [whole, marker = "", handle = ""] = match;
    if (/[\p{L}\p{N}_]/u.test(text.charAt((match.index ?? 0) - 1))) continue; // "big" is not "ig"
    if (handle.length < 2 || isEverydayWord(handle) || DESCRIPTIONS.has(handle.toLowerCase()) || /^\d+$/.test(handle)) continue;
    const explicit = /is|:|=|-|–|—/.test(marker);
    if (!explicit && !LOOKS_LIKE_HANDLE.test(handle)) continue;
    if (!explicit && /^x$|^user$|^account$/i.test(whole.slice(0, whole.length - handle.length).trim())) continue;
    const end = (match.index ?? 0) + whole.length;
    const start = end - handle.length - (whole.charAt(whole.length - handle.length - 1) === "@" ? 1 : 0);
    spans.push({ kind: "HANDLE", start, end, value: text.slice(start, end) });
  }
  return spans;
}
