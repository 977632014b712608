/**
 * URL detection for anonymisation and for the reply guardrails' link check.
 *
 * Decision: a URL is only treated as personal data when it carries an identifier (a social
 * profile, a query string or fragment with parameters, user info, or a path segment that looks
 * like an id, an email or a token). Bare domains ("acme.com") and plain pages
 * ("https://acme.com/pricing") are kept: they name businesses and products, which the model
 * needs to understand the message, and they do not identify the sender.
 */

export type UrlMatch = { start: number; end: number; value: string };

/** Common generic and country TLDs; a bare "word.tld" is only a domain when its TLD is here. */
export const TLDS: ReadonlySet<string> = new Set(
  ("com net org io co ai app dev me info biz shop store online site tech xyz page link uk us ca au nz ie " +
    "de fr es it nl be ch at se no dk fi pl pt br mx ar cl in jp cn kr sg hk za ng ke ae ru ua tr gr cz eu ly gg tv fm"
  ).split(" "),
);

const SCHEME_URL = /(?:https?:\/\/|www\.)[^\s<>"'\x60]+/giu;
// Candidate top-level domains: anchored on the dot, so the scan is cheap on long text.
const DOT_WORD = /\.[a-z]{2,6}(?![\p{L}\p{N}_\-])/giu;
const HOST_CHAR = /[a-z0-9.\-]/i;
const BEFORE_HOST = /[\p{L}\p{N}@._\-\/]/u;
const PATH = /[\/?#][^\s<>"'\x60]*/uy;
const HOST_TAIL = /^\.[a-z]{2,6}(?![\p{L}\p{N}_\-])/iu;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}>»”’]+$/u;

export function findUrls(text: string): UrlMatch[] {
  const matches: UrlMatch[] = [];
  for (const match of text.matchAll(SCHEME_URL)) {
    const start = match.index ?? 0;
    if (start > 0 && /[\p{L}\p{N}_]/u.test(text.charAt(start - 1))) continue;
    pushTrimmed(matches, start, match[0]);
  }
  const covered = (i: number) => matches.some((m) => i >= m.start && i < m.end);
  let lastEnd = 0;
  for (const match of text.matchAll(DOT_WORD)) {
    const dot = match.index ?? 0;
    if (dot < lastEnd || !TLDS.has(match[0].slice(1).toLowerCase()) || covered(dot)) continue;
    let start = dot;
    while (start > 0 && HOST_CHAR.test(text.charAt(start - 1))) start--;
    while (start < dot && !/[a-z0-9]/i.test(text.charAt(start))) start++;
    if (start === dot || (start > 0 && BEFORE_HOST.test(text.charAt(start - 1)))) continue;
    let end = dot + match[0].length;
    // "example.co.uk": extend over further labels while the host still ends in a known TLD.
    let tail = HOST_TAIL.exec(text.slice(end, end + 8));
    while (tail && TLDS.has(tail[0].slice(1).toLowerCase())) {
      end += tail[0].length;
      tail = HOST_TAIL.exec(text.slice(end, end + 8));
    }
    PATH.lastIndex = end;
    const path = PATH.exec(text);
    if (path) end += path[0].length;
    lastEnd = pushTrimmed(matches, start, text.slice(start, end));
  }
  return matches.sort((a, b) => a.start - b.start);
}

function pushTrimmed(matches: UrlMatch[], start: number, raw: string): number {
  const value = raw.replace(TRAILING_PUNCTUATION, "");
  if (value.length > 0) matches.push({ start, end: start + value.length, value });
  return start + value.length;
}

/** Hosts whose non-empty paths point at a person (profiles, chat links, payment handles). */
const PROFILE_HOSTS = [
  "facebook.com", "fb.com", "fb.me", "m.me", "messenger.com", "instagram.com", "instagr.am",
  "x.com", "twitter.com", "linkedin.com", "tiktok.com", "youtube.com", "youtu.be", "threads.net",
  "wa.me", "whatsapp.com", "t.me", "telegram.me", "snapchat.com", "pinterest.com", "medium.com",
  "github.com", "reddit.com", "calendly.com", "paypal.me", "venmo.com", "cash.app", "bsky.app",
];

const SAFE_QUERY_KEYS = /^(?:utm_[a-z_]+|lang|hl|locale|page|tab|view|sort)$/i;
const IDENTIFYING_SEGMENT =
  /@|\d{5,}|^[0-9a-f]{8}-[0-9a-f]{4}-|^(?=.*\d)(?=.*[a-z])[a-z0-9_-]{16,}$/i;
const IDENTIFYING_PATH_WORDS =
  /^(?:u|user|users|profile|profiles|people|in|member|members|account|accounts|reset|invite|verify|unsubscribe)$/i;

export function urlCarriesIdentifier(value: string): boolean {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(value) ? value : `https://${value}`);
  } catch {
    return true; // unparseable: treat as personal rather than leak it
  }
  if (url.username || url.password) return true;

  const host = url.hostname.toLowerCase().replace(/^(?:www|m|mobile)\./, "");
  const path = url.pathname.replace(/\/+$/, "");
  if (path && PROFILE_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) return true;

  for (const key of url.searchParams.keys()) {
    if (!SAFE_QUERY_KEYS.test(key)) return true;
  }
  if (url.hash.includes("=") || url.hash.includes("@")) return true;

  const segments = path.split("/").filter(Boolean).map(safeDecode);
  return segments.some((s) => IDENTIFYING_SEGMENT.test(s) || IDENTIFYING_PATH_WORDS.test(s));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
