import type { DetectedSpan } from "./detected-span";

/**
 * IBANs, printed ("DE89 3704 0044 0532 0130 00") or run together, validated with the ISO 13616
 * mod-97 checksum so a product code or a reference that merely looks like one is left alone.
 * The candidate is greedy (it may run into the next word), so the checksum picks its length:
 * the country's registered length where known, else the longest prefix that validates.
 */
const CANDIDATE = /(?<![\p{L}\p{N}])[a-z]{2}\d{2}(?:[ \u00A0]?[a-z0-9]){11,30}/giu;

/** Registered IBAN lengths of the countries customers most often write from. */
const LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AT: 20, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18,
  EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, HR: 21, HU: 28,
  IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27,
  MD: 24, ME: 22, MK: 19, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24,
  RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29, VG: 24, XK: 20,
};

export function findIbans(text: string): DetectedSpan[] {
  const spans: DetectedSpan[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index ?? 0;
    const length = validLength(match[0]);
    if (length === null) continue;
    const end = start + rawLengthFor(match[0], length);
    spans.push({ kind: "IBAN", start, end, value: text.slice(start, end) });
  }
  return spans;
}

/**
 * The number of IBAN characters (spaces not counted) at the start of `raw` that form a valid
 * IBAN ending at a word boundary: "DE89…3000" followed by "1" is not "DE89…3000".
 */
function validLength(raw: string): number | null {
  const compact = raw.replace(/[ \u00A0]/g, "").toUpperCase();
  const registered = LENGTHS[compact.slice(0, 2)];
  const lengths = registered !== undefined ? [registered] : range(Math.min(compact.length, 34), 15);
  for (const length of lengths) {
    if (length > compact.length) continue;
    if (/[\p{L}\p{N}]/u.test(raw.charAt(rawLengthFor(raw, length)))) continue;
    if (isValidIban(compact.slice(0, length))) return length;
  }
  return null;
}

/** Where in `raw` (with its spaces) the `length`-th IBAN character ends. */
function rawLengthFor(raw: string, length: number): number {
  let seen = 0;
  for (let i = 0; i < raw.length; i++) {
    if (!/[ \u00A0]/.test(raw.charAt(i))) seen++;
    if (seen === length) return i + 1;
  }
  return raw.length;
}

function range(from: number, downTo: number): number[] {
  const out: number[] = [];
  for (let n = from; n >= downTo; n--) out.push(n);
  return out;
}

/** ISO 13616: move the first four characters to the end, letters to 10..35, remainder mod 97 is 1. */
export function isValidIban(iban: string): boolean {
  const compact = iban.replace(/[ \u00A0]/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}
