import type { DetectedSpan } from "./detected-span";
import { findAddresses } from "./find-addresses";
import { findBareHandles } from "./find-bare-handles";
import { findBirthDates } from "./find-birth-dates";
import { findContactDetails } from "./find-contact-details";
import { findIbans } from "./find-ibans";
import { cachedRegExp, escapeRegExp, findNameOccurrences, mayContain } from "./find-names";
import { findOrderNumbers } from "./find-order-numbers";
import { findSpelledEmails } from "./find-spelled-emails";
import { findUrls, urlCarriesIdentifier } from "./find-urls";

/** A detected span; "KEEP" claims a harmless URL so no detector rewrites part of it. */
export type Span = Omit<DetectedSpan, "kind"> & { kind: DetectedSpan["kind"] | "KEEP" };

/** Every detector over one text, given the names and handles known for its conversation. */
export function detectPii(text: string, names: readonly string[], handles: readonly string[]): Span[] {
  return [
    ...findUrls(text).map((u): Span => ({ ...u, kind: urlCarriesIdentifier(u.value) ? "URL" : "KEEP" })),
    ...findContactDetails(text),
    ...findSpelledEmails(text),
    ...findBareHandles(text),
    ...findKnownHandles(text, handles),
    ...findIbans(text),
    ...findBirthDates(text),
    ...findOrderNumbers(text),
    ...findAddresses(text),
    ...findNameOccurrences(text, names),
  ];
}

/**
 * For two detectors claiming the same stretch: a value found by its cue or checksum ("order
 * 20240511889", an IBAN) is what it says rather than what its shape suggests (a phone number).
 */
const PRECEDENCE: Readonly<Record<Span["kind"], number>> = {
  KEEP: 0, URL: 1, EMAIL: 2, IBAN: 3, CARD: 4, DOB: 5, ORDER: 6, TRACKING: 7, ADDRESS: 8, HANDLE: 9, NAME: 10, PHONE: 11,
};

/**
 * Earliest first; at the same start the longest wins ("jane@x.com" over the name "jane"), then
 * PRECEDENCE. A kept URL that contains the contact's name or handle becomes personal after all.
 */
export function selectNonOverlapping(spans: Span[]): Span[] {
  const sorted = spans.sort((a, b) => a.start - b.start || b.end - a.end || PRECEDENCE[a.kind] - PRECEDENCE[b.kind]);
  const chosen: Span[] = [];
  let last: Span | undefined;
  for (const span of sorted) {
    if (last && span.start < last.end) {
      if (last.kind === "KEEP" && (span.kind === "NAME" || span.kind === "HANDLE")) last.kind = "URL";
      continue;
    }
    chosen.push(span);
    last = span;
  }
  return chosen;
}

/**
 * Values found by a cue in one turn ("my ig is coffee.lover_22", "order #A-10293") that recur
 * without it elsewhere in the conversation ("did coffee.lover_22 get it?"). A plain substring
 * search with word-boundary checks: no pattern is compiled per conversation.
 */
export function findRepeatedValues(text: string, values: ReadonlyArray<Pick<DetectedSpan, "kind" | "value">>): Span[] {
  if (values.length === 0) return [];
  const lower = text.toLowerCase();
  const haystack = lower.length === text.length ? lower : text;
  const spans: Span[] = [];
  for (const { kind, value } of values) {
    const needle = haystack === lower ? value.toLowerCase() : value;
    if (needle.length !== value.length) continue;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      if (isWordChar(text.charAt(at - 1)) || isWordChar(text.charAt(end))) continue;
      spans.push({ kind, start: at, end, value: text.slice(at, end) });
    }
  }
  return spans;
}

function isWordChar(char: string): boolean {
  return char !== "" && /[\p{L}\p{N}_]/u.test(char);
}

function findKnownHandles(text: string, handles: readonly string[]): Span[] {
  const literals = handles
    .map((h) => h.trim().replace(/^@/, ""))
    .filter((h) => h.length >= 2)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  if (literals.length === 0 || !mayContain(text, literals, "iu")) return [];
  const pattern = cachedRegExp(`(?<![\\p{L}\\p{N}_.@])@?(?:${literals.join("|")})(?!\\.?[\\p{L}\\p{N}_])`, "giu");
  const spans: Span[] = [];
  for (const match of text.matchAll(pattern)) {
    if (match.index === undefined) continue;
    spans.push({ kind: "HANDLE", start: match.index, end: match.index + match[0].length, value: match[0] });
  }
  return spans;
}
