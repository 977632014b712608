/**
 * Detectors for contact details in free text: emails, phone numbers, payment card numbers and
 * @handles. Each returns spans over the input; overlap resolution happens in `anonymise`.
 * All patterns are linear-time on ordinary text (look-behinds stop matches starting mid-word,
 * repetition is bounded) so 100 KB messages stay well under the anonymisation budget.
 */

export type ContactKind = "EMAIL" | "PHONE" | "CARD" | "HANDLE";
export type ContactSpan = { kind: ContactKind; start: number; end: number; value: string };

// Anchored on "@" (the local part is found by scanning back): a pattern that starts at every
// word and scans ahead for "@" costs several times more on long messages.
const EMAIL_DOMAIN = /@[\p{L}\p{N}\-]{1,63}(?:\.[\p{L}\p{N}\-]{1,63})*\.\p{L}{2,24}/gu;
// Apostrophes are valid in the local part ("o'brien@example.ie"), never at its start.
const EMAIL_LOCAL_CHAR = /[\p{L}\p{N}._%+\-'’]/u;
const OBFUSCATED_AT = /[[({][ \t]*at[ \t]*[\])}]/i;
// "jane (at) example (dot) com", "jane[at]example.com"
const OBFUSCATED_EMAIL =
  /(?<![\p{L}\p{N}._%+\-'’])[\p{L}\p{N}._%+\-]['’\p{L}\p{N}._%+\-]{0,63}[ \t]*[[({][ \t]*at[ \t]*[\])}][ \t]*[\p{L}\p{N}\-]{1,63}(?:[ \t]*(?:[[({][ \t]*dot[ \t]*[\])}]|\.)[ \t]*[\p{L}\p{N}\-]{1,63}){1,4}/giu;
const CARD = /(?<![\d.,])\d(?:[ \-]?\d){12,18}(?![\d])/g;
const PHONE = /(?<![\p{L}\p{N}_+\/=.,\-])\+?\(?\d[\d ().\-\u00A0]{5,24}\d(?![\p{L}\p{N}_])/gu;
const HANDLE = /(?<![\p{L}\p{N}_.@\/])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![A-Za-z0-9_@])/gu;

export function findContactDetails(text: string): ContactSpan[] {
  return [
    ...findEmails(text),
    ...(OBFUSCATED_AT.test(text) ? collect(text, OBFUSCATED_EMAIL, "EMAIL") : []),
    ...collect(text, CARD, "CARD", (v) => isLuhnValid(v.replace(/\D/g, ""))),
    ...collect(text, PHONE, "PHONE", isPlausiblePhone),
    ...collect(text, HANDLE, "HANDLE"),
  ];
}

function findEmails(text: string): ContactSpan[] {
  const spans: ContactSpan[] = [];
  for (const match of text.matchAll(EMAIL_DOMAIN)) {
    const at = match.index ?? 0;
    let start = at;
    while (start > 0 && at - start < 64 && EMAIL_LOCAL_CHAR.test(text.charAt(start - 1))) start--;
    while (start < at && /['’]/.test(text.charAt(start))) start++;
    if (start === at) continue;
    const end = at + match[0].length;
    spans.push({ kind: "EMAIL", start, end, value: text.slice(start, end) });
  }
  return spans;
}

function collect(
  text: string,
  pattern: RegExp,
  kind: ContactKind,
  accept: (value: string) => boolean = () => true,
): ContactSpan[] {
  const spans: ContactSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    if (match.index === undefined || !accept(match[0])) continue;
    spans.push({ kind, start: match.index, end: match.index + match[0].length, value: match[0] });
  }
  return spans;
}

const DATE_LIKE = /(?:^|\D)(?:\d{4}[\-./]\d{1,2}[\-./]\d{1,2}|\d{1,2}[\-./]\d{1,2}[\-./]\d{2,4})(?:\D|$)/;
const YEAR_RANGE = /^(?:19|20)\d{2}[ ]?-[ ]?(?:19|20)\d{2}$/;
const THOUSANDS = /^[1-9]\d{0,2}(?:[ .\u00A0]\d{3})+$/;

/**
 * A phone number has 7-15 digits (E.164 allows 15). Without a "+" or separators a run needs
 * 10+ digits, so order numbers and amounts ("order 12345678") are not mistaken for phones.
 * Dates, year ranges, unbalanced brackets and thousands-grouped amounts are rejected.
 */
export function isPlausiblePhone(value: string): boolean {
  const digits = value.replace(/\D/g, "");
  const international = value.startsWith("+") || value.startsWith("00");
  const separated = /[ ().\-\u00A0]/.test(value);
  if (/[ \u00A0]{2,}/.test(value) || /[.\-]{2,}/.test(value)) return false;
  if (DATE_LIKE.test(value) || YEAR_RANGE.test(value)) return false;
  if (value.includes("(") || value.includes(")")) {
    if (value.split("(").length !== value.split(")").length) return false;
  }
  if (!international && THOUSANDS.test(value)) return false;
  const min = international ? 8 : separated ? 7 : 10;
  // Over 15 digits with separators is two numbers run together ("555 123 4567 555 987 6543")
  // or an account number: personal either way, so it is redacted as one span.
  return digits.length >= min && (digits.length <= 15 || separated);
}

export function isLuhnValid(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
