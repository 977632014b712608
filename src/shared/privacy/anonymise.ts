import { detectPii, findRepeatedValues, selectNonOverlapping, type Span } from "./detect-pii";
import { findIntroducedNames } from "./find-names";
import { formatPlaceholder, PLACEHOLDER_PATTERN, type PiiKind, type PlaceholderMap } from "./placeholders";

export type KnownContact = { names?: string[]; handles?: string[] };
export type Anonymised = { text: string; mapping: PlaceholderMap };
/** A message and the earlier turns of its conversation, anonymised together. */
export type AnonymisedConversation = { text: string; history: string[]; mapping: PlaceholderMap };

/** Kinds whose values, once found by a cue, are also redacted where they recur without one. */
const RECURRING: ReadonlySet<PiiKind> = new Set(["HANDLE", "ORDER", "TRACKING"]);

/**
 * Replaces personal data with numbered placeholders before any model sees the text (the
 * detectors are listed in README.md beside this file). The same value always gets the same
 * placeholder; `mapping` restores originals.
 *
 * Input is raw customer text. Bracketed look-alikes already in it ("[EMAIL_1]") are turned
 * into "(EMAIL_1)" so they can never be confused with, or re-hydrated as, real placeholders.
 */
export function anonymise(text: string, known: KnownContact = {}): Anonymised {
  const { text: anonymised, mapping } = anonymiseConversation(text, [], known);
  return { text: anonymised, mapping };
}

/**
 * Anonymises a message together with the earlier turns of its conversation, with one mapping:
 * a value gets the same placeholder in every turn, two different values never share one, and a
 * name introduced in one turn ("my name is Anna Petrova") is redacted in all of them. The
 * message is numbered first, so its placeholders do not depend on how much history was loaded
 * (the intent classifier and the cache keys see the message alone).
 */
export function anonymiseConversation(message: string, history: readonly string[], known: KnownContact = {}): AnonymisedConversation {
  const inputs = [message, ...history].map(neutraliseLookAlikes);
  const introduced = inputs.flatMap((input) => findIntroducedNames(input));
  const names = [...new Set([...(known.names ?? []), ...introduced])];
  const handles = known.handles ?? [];
  const detected = inputs.map((input) => detectPii(input, names, handles));

  const recurring = new Map<string, { kind: PiiKind; value: string }>();
  for (const span of detected.flat()) {
    if (span.kind === "KEEP" || !RECURRING.has(span.kind)) continue;
    const value = span.value.replace(/^[@#]/, "");
    if (value.length >= 4) recurring.set(`${span.kind}:${value.toLowerCase()}`, { kind: span.kind, value });
  }
  const values = [...recurring.values()];

  const numbering = createNumbering();
  const [text = "", ...rest] = inputs.map((input, i) =>
    numbering.replace(input, [...(detected[i] ?? []), ...findRepeatedValues(input, values)]),
  );
  return { text, history: rest, mapping: numbering.mapping };
}

function neutraliseLookAlikes(text: string): string {
  return text.replace(PLACEHOLDER_PATTERN, (_m, kind: string, n: string) => `(${kind}_${n})`);
}

/** Placeholders numbered per kind in order of first appearance, shared by every text it replaces in. */
function createNumbering() {
  const mapping: PlaceholderMap = {};
  const placeholderByKey = new Map<string, string>();
  const counters = new Map<PiiKind, number>();
  const placeholderFor = (kind: PiiKind, value: string): string => {
    const key = `${kind}:${normaliseValue(kind, value)}`;
    let placeholder = placeholderByKey.get(key);
    if (!placeholder) {
      const index = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, index);
      placeholder = formatPlaceholder(kind, index);
      placeholderByKey.set(key, placeholder);
      mapping[placeholder] = value;
    }
    return placeholder;
  };
  const replace = (input: string, spans: Span[]): string => {
    const parts: string[] = [];
    let cursor = 0;
    for (const span of selectNonOverlapping(spans)) {
      if (span.kind === "KEEP") continue;
      parts.push(input.slice(cursor, span.start), placeholderFor(span.kind, span.value));
      cursor = span.end;
    }
    parts.push(input.slice(cursor));
    return parts.join("");
  };
  return { mapping, replace };
}

const SPELLED_AT = /[ \t]*[[({][ \t]*at[ \t]*[\])}][ \t]*|[ \t]+(?:at|arroba|chez)[ \t]+/i;
const SPELLED_DOT = /[ \t]*[[({][ \t]*dot[ \t]*[\])}][ \t]*|[ \t]+(?:dot|punto|point|punkt|ponto)[ \t]+|[ \t]*\.[ \t]*/gi;

/** The identity of a value: "JANE@X.COM", "jane at x dot com" and "jane@x.com" are one email. */
function normaliseValue(kind: PiiKind, value: string): string {
  const folded = value.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  switch (kind) {
    case "PHONE":
    case "CARD":
      return value.replace(/\D/g, "").replace(/^00/, "");
    case "IBAN":
      return value.replace(/[^a-z0-9]/gi, "").toUpperCase();
    case "HANDLE":
    case "ORDER":
    case "TRACKING":
      return folded.replace(/^[@#]/, "");
    case "EMAIL":
      return folded.includes("@") ? folded : folded.replace(SPELLED_AT, "@").replace(SPELLED_DOT, ".");
    case "NAME":
    case "ADDRESS":
    case "DOB":
      return folded;
    case "URL":
      return value;
  }
}
