import { findContactDetails } from "./find-contact-details";
import { cachedRegExp, escapeRegExp, findIntroducedNames, mayContain, findNameOccurrences } from "./find-names";
import { findUrls, urlCarriesIdentifier } from "./find-urls";
import { formatPlaceholder, PLACEHOLDER_PATTERN, type PiiKind, type PlaceholderMap } from "./placeholders";

export type KnownContact = { names?: string[]; handles?: string[] };
export type Anonymised = { text: string; mapping: PlaceholderMap };

/** A detected span; "KEEP" claims a harmless URL so no detector rewrites part of it. */
type Span = { kind: PiiKind | "KEEP"; start: number; end: number; value: string };

/**
 * Replaces personal data with numbered placeholders before any model sees the text:
 * emails, phone numbers, payment cards, @handles, URLs carrying identifiers (see find-urls.ts),
 * the contact's known names/handles (whole words, case-insensitive) and names the sender
 * introduces ("my name is ...", "I'm Jane Doe", "this is Sam from ...", sign-offs).
 * The same value always gets the same placeholder; `mapping` restores originals.
 *
 * Input is raw customer text. Bracketed look-alikes already in it ("[EMAIL_1]") are turned
 * into "(EMAIL_1)" so they can never be confused with, or re-hydrated as, real placeholders.
 */
export function anonymise(text: string, known: KnownContact = {}): Anonymised {
  const input = text.replace(PLACEHOLDER_PATTERN, (_m, kind: string, n: string) => `(${kind}_${n})`);

  const spans: Span[] = [
    ...findUrls(input).map((u): Span => ({ ...u, kind: urlCarriesIdentifier(u.value) ? "URL" : "KEEP" })),
    ...findContactDetails(input),
    ...findKnownHandles(input, known.handles ?? []),
    ...findNameOccurrences(input, [...(known.names ?? []), ...findIntroducedNames(input)]),
  ];

  const mapping: PlaceholderMap = {};
  const placeholderByKey = new Map<string, string>();
  const counters = new Map<PiiKind, number>();
  const parts: string[] = [];
  let cursor = 0;

  for (const span of selectNonOverlapping(spans)) {
    if (span.kind === "KEEP") continue;
    const key = `${span.kind}:${normaliseValue(span.kind, span.value)}`;
    let placeholder = placeholderByKey.get(key);
    if (!placeholder) {
      const index = (counters.get(span.kind) ?? 0) + 1;
      counters.set(span.kind, index);
      placeholder = formatPlaceholder(span.kind, index);
      placeholderByKey.set(key, placeholder);
      mapping[placeholder] = span.value;
    }
    parts.push(input.slice(cursor, span.start), placeholder);
    cursor = span.end;
  }
  parts.push(input.slice(cursor));
  return { text: parts.join(""), mapping };
}

/**
 * Earliest first; at the same start the longest wins ("jane@x.com" over the name "jane").
 * A kept URL that contains the contact's name or handle becomes personal after all.
 */
function selectNonOverlapping(spans: Span[]): Span[] {
  const sorted = spans.sort((a, b) => a.start - b.start || b.end - a.end);
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

function normaliseValue(kind: PiiKind, value: string): string {
  switch (kind) {
    case "PHONE":
    case "CARD":
      return value.replace(/\D/g, "").replace(/^00/, "");
    case "HANDLE":
      return value.replace(/^@/, "").toLowerCase();
    case "EMAIL":
    case "NAME":
      return value.normalize("NFC").toLowerCase().replace(/\s+/g, " ");
    case "URL":
      return value;
  }
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
