import { FUNCTION_WORDS } from "./common-words";
import type { DetectedSpan } from "./detected-span";

/**
 * Postal addresses in the shapes customers type them:
 * - number first, street type last: "221B Baker Street", "1600 Pennsylvania Ave NW, Apt 4";
 * - number first, street type first: "12 rue de la Paix", "5 avenue Victor Hugo";
 * - street type, name, number: "Calle Mayor 10", "Via Roma 12", "Rua Augusta, 100", "ул. Тверская, д. 7";
 * - compound street names: "Hauptstraße 5", "Keizersgracht 123", "Storgatan 4";
 * - P.O. boxes, UK postcodes ("SW1A 1AA") and US state + ZIP ("CA 94105");
 * each extended over a following flat/unit number and "postcode City".
 * A number alone or a quantity ("3 bags", "2 large coffees", "open 9-5") is not an address:
 * the street type is required, and the words between number and type must not be everyday words.
 */
const NUM = String.raw`\d{1,5}[a-zA-Z]?(?:[-/]\d{1,4}[a-zA-Z]?)?`;
const WORD = String.raw`[\p{L}\p{N}'’.\-]+`;
// A word of a street's name: capitalised, or a particle ("de la Paix", "dos Santos").
const NAME_WORD = String.raw`(?:\p{Lu}[\p{L}\p{M}'’.\-]*|\d{1,3}(?:st|nd|rd|th)|(?:de|del|de la|della|degli|di|da|do|dos|das|du|des|la|le|les|l'|d'|von|van|der|den|the|of)(?=[ \t]))`;
const NAME_WORDS = `${NAME_WORD}(?:[ \\t]+${NAME_WORD}){0,4}`;

const EN_TYPES =
  "street|st|road|rd|avenue|ave|av|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|square|sq|terrace|way|close|" +
  "crescent|highway|hwy|parkway|pkwy|mews|row|circle|cir|trail|alley";
const FR_TYPES = "rue|avenue|av\\.|boulevard|bd|place|chemin|allée|impasse|quai|cours";
const LEADING_TYPES =
  "calle|c/|avenida|avda\\.?|paseo|plaza|carrer|camino|via|viale|piazza|corso|largo|rua|travessa|praça|alameda|" +
  "ulica|ul\\.|улица|ул\\.|проспект|пр-т|переулок|пер\\.|шоссе|бульвар";
const SUFFIX_TYPES =
  "straße|strasse|str\\.|weg|gasse|allee|platz|damm|ufer|chaussee|straat|laan|gracht|plein|kade|singel|" +
  "dijk|vej|gade|gatan|vägen|veien|gata";

const STATES =
  "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|" +
  "OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY";

const E = String.raw`(?![\p{L}\p{N}])`;

/**
 * Each pattern with `between`: the capture whose words must not be everyday words; `compound`:
 * the match is the end of a word ("…straße 5") whose capitalised start is found in code. No
 * pattern starts with a look-behind (it would be tried at every position): the word boundary
 * before a match is checked in code.
 */
const PATTERNS: ReadonlyArray<{ pattern: RegExp; between?: number; compound?: boolean }> = [
  { pattern: new RegExp(`${NUM},?[ \\t]+((?:${WORD}[ \\t]+){1,4}?)(?:${EN_TYPES})\\.?${E}(?:[ \\t]+(?:N|S|E|W|NE|NW|SE|SW)${E})?`, "giu"), between: 1 },
  { pattern: new RegExp(`${NUM}(?:[ \\t]?(?:bis|ter))?,?[ \\t]+(?:${FR_TYPES})[ \\t]+${NAME_WORDS}`, "giu") },
  {
    pattern: new RegExp(
      `(?:${LEADING_TYPES})[ \\t]+${NAME_WORDS},?[ \\t]+(?:(?:n[º°o]\\.?|nr\\.?|д\\.|дом)[ \\t]*)?${NUM}${E}`,
      "giu",
    ),
  },
  // Anchored on the suffix (cheap to scan for); the capitalised start of the word is found in code.
  { pattern: new RegExp(`(?:${SUFFIX_TYPES})[ \\t]+${NUM}${E}`, "gu"), compound: true },
  { pattern: new RegExp(`p\\.?[ \\t]?o\\.?[ \\t]*box[ \\t]+\\d{1,6}${E}`, "giu") },
  // UK postcode (inward letters never C, I, K, M, O, V; "PS5 1TB" is a console).
  { pattern: new RegExp(`(?:[A-Z]{1,2}\\d[A-Z\\d]?[ \\t]?(?!\\d[TG]B)\\d[ABD-HJLNP-UW-Z]{2})${E}`, "gu") },
  { pattern: new RegExp(`(?:${STATES})[ \\t]+\\d{5}(?:-\\d{4})?${E}`, "gu") },
];

// Extensions after a street: ", Apt 4B", ", 3º B", "кв. 12", ", 10115 Berlin", ", 00-238 Warszawa",
// ", 1015 CJ Amsterdam".
const TAILS = [
  new RegExp(`,?[ \\t]*(?:apt|apartment|flat|unit|suite|ste|floor|fl|#|кв\\.?|квартира|piso|étage|app\\.?|wohnung)\\.?[ \\t]*[\\p{L}\\p{N}\\-]{1,6}${E}`, "iuy"),
  new RegExp(`,?[ \\t]*\\d{1,2}[º°ª]?[ \\t]?[A-Z]?${E}(?=,|$|\\n)`, "uy"),
  new RegExp(`,?[ \\t]+(?:\\d{4,5}(?:-\\d{3,4})?|\\d{2}-\\d{3}|\\d{4}[ \\t]?[A-Z]{2})[ \\t]+\\p{Lu}[\\p{L}\\-]+(?:[ \\t]\\p{Lu}[\\p{L}\\-]+)?${E}`, "uy"),
];

export function findAddresses(text: string): DetectedSpan[] {
  const spans: DetectedSpan[] = [];
  for (const { pattern, between, compound } of PATTERNS) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const start = compound ? compoundStart(text, match.index) : match.index;
      if (start < 0 || WORD_CHAR.test(text.charAt(start - 1)) || (between !== undefined && !isStreetName(match[between] ?? ""))) {
        // Rejected ("2 bags to 221B Baker Street"): look again from the next character.
        pattern.lastIndex = match.index + 1;
        continue;
      }
      const end = extendOverTails(text, match.index + match[0].length);
      spans.push({ kind: "ADDRESS", start, end, value: text.slice(start, end) });
    }
  }
  return spans;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The start of the capitalised word ending in a street suffix ("Haupt|straße"), or -1. */
function compoundStart(text: string, suffixAt: number): number {
  let start = suffixAt;
  while (start > 0 && /[\p{L}\-]/u.test(text.charAt(start - 1)) && suffixAt - start < 40) start--;
  return start < suffixAt && /\p{Lu}/u.test(text.charAt(start)) ? start : -1;
}

/** "Baker", "Pennsylvania", "Old Kent" are street names; "of the", "large", "cups per" are not. */
function isStreetName(words: string): boolean {
  const tokens = words.trim().split(/[ \t]+/);
  return tokens.every((t) => !FUNCTION_WORDS.has(t.toLowerCase()) && !/^\d+$/.test(t)) && tokens.some((t) => /^\p{Lu}/u.test(t) || tokens.length === 1);
}

function extendOverTails(text: string, end: number): number {
  for (let extended = true; extended; ) {
    extended = false;
    for (const tail of TAILS) {
      tail.lastIndex = end;
      const match = tail.exec(text);
      if (match && match[0].length > 0) {
        end += match[0].length;
        extended = true;
      }
    }
  }
  return end;
}
