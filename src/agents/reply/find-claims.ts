import { findUrls } from "@/shared/privacy/find-urls";

/**
 * Factual claims in a reply that must be backed by the retrieved knowledge: prices and
 * amounts, links, dates/times, and promises. Each claim carries a normalised `key` and a test
 * `isBackedBy(knowledgeText)` so "$49" in a reply is backed by "49 USD" in an article.
 */
export type ClaimKind = "price" | "link" | "date" | "promise";
export type Claim = {
  kind: ClaimKind;
  value: string;
  /** Claims with the same kind and key are one claim ("$49" and "49/month"). */
  key: string;
  isBackedBy: (knowledge: KnowledgeIndex) => boolean;
};

/** Knowledge text pre-processed once per check. */
export type KnowledgeIndex = { text: string; prices: Set<string>; links: Set<string>; hosts: Set<string> };

const CURRENCY = String.raw`[$€£¥₹₩₽]|\b(?:usd|eur|gbp|cad|aud|chf|inr|jpy|us\$|a\$|c\$)`;
const AMOUNT = String.raw`\d(?:[\d,.]*\d)?(?:\s?(?:k|m|bn)\b)?`;
const PRICE_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`(?:${CURRENCY})\s?${AMOUNT}`, "giu"),
  new RegExp(String.raw`\b${AMOUNT}\s?(?:[€£$]|(?:usd|eur|gbp|dollars?|euros?|pounds?|bucks|cents?)\b)`, "giu"),
  new RegExp(String.raw`\b${AMOUNT}\s?(?:\/|per |an? )(?:month|mo|year|yr|user|seat|hour|hr)\b`, "giu"),
];
const PERCENT = /\b\d{1,3}(?:[.,]\d+)?\s?(?:%|percent\b|per cent\b)/giu;

const MONTHS = "january|february|march|april|june|july|august|september|october|november|december";
const SHORT_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec";
const ORDINAL = String.raw`\d{1,2}(?:st|nd|rd|th)?`;
const DATE_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:${ORDINAL}\s+(?:of\s+)?)?(?:${MONTHS})(?:\s+${ORDINAL})?(?:,?\s+\d{4})?\b`, "giu"),
  new RegExp(String.raw`\b${ORDINAL}\s+(?:${SHORT_MONTHS})\b\.?|\b(?:${SHORT_MONTHS})\.?\s+${ORDINAL}\b`, "giu"),
  /\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b/giu,
  /\b(?:today|tonight|tomorrow|yesterday|(?:this|next) (?:week|weekend|month|year)|end of (?:the )?(?:day|week|month|year)|eod|eow)\b/giu,
  /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b/gu,
  /\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?![\p{L}])|\b\d{1,2}:\d{2}\b|\b(?:noon|midnight)\b/giu,
  /\b(?:19|20)\d{2}\b/gu,
];
const PROMISE_PATTERNS: readonly RegExp[] = [
  /\b(?:guarantee[ds]?|promise[ds]?|warrant(?:y|ies)|money[- ]back|refund(?:s|ed|able)?|free|complimentary|lifetime|unlimited)\b/giu,
  /\b(?:no (?:extra )?(?:charge|cost|fee)s?|at no (?:extra )?cost|discount(?:s|ed)?|\d{1,3}\s?% off|waive[ds]?|compensat(?:e|ion))\b/giu,
  /\b(?:same|next)[- ]day\b|\b24\/7\b/giu,
  /\b(?:within |in (?:under |less than )?)\d+\s?(?:minutes?|mins?|hours?|hrs?|days?|business days|working days|weeks?)\b/giu,
  /\bwe(?: will|'ll|’ll| shall| can) (?:refund|replace|fix|ship|send|deliver|waive|compensate|credit|reimburse|upgrade|cancel|match)\b/giu,
];

export function findClaims(reply: string): Claim[] {
  const claims: Claim[] = [];
  const urls = findUrls(reply);
  for (const { value } of urls) {
    const link = normaliseLink(value);
    const bareHost = !link.includes("/");
    claims.push({ kind: "link", value, key: link, isBackedBy: (k) => k.links.has(link) || (bareHost && k.hosts.has(link)) });
  }
  // Everything else is looked for outside links ("acme.com/discount" is a link, not a promise).
  const text = maskRanges(reply, urls);
  for (const pattern of PRICE_PATTERNS) {
    for (const [value] of text.matchAll(pattern)) {
      const key = priceKey(value);
      if (key) claims.push({ kind: "price", value, key, isBackedBy: (k) => k.prices.has(key) });
    }
  }
  for (const [value] of text.matchAll(PERCENT)) {
    const key = priceKey(value, "%");
    if (key) claims.push({ kind: "price", value, key, isBackedBy: (k) => k.prices.has(key) });
  }
  for (const pattern of DATE_PATTERNS) {
    for (const [value] of text.matchAll(pattern)) {
      const key = normalisePhrase(value);
      claims.push({ kind: "date", value, key, isBackedBy: (k) => containsPhrase(k.text, key) });
    }
  }
  for (const pattern of PROMISE_PATTERNS) {
    for (const [value] of text.matchAll(pattern)) {
      const { key, prefix } = promiseKey(value);
      claims.push({ kind: "promise", value, key, isBackedBy: (k) => containsPhrase(k.text, key, prefix) });
    }
  }
  const seen = new Set<string>();
  return claims.filter((c) => !seen.has(`${c.kind}|${c.key}`) && seen.add(`${c.kind}|${c.key}`));
}

/** Every price or amount in `text` with where it stands (links are not looked in). */
export function findPriceSpans(text: string): Array<{ value: string; key: string; start: number; end: number }> {
  const masked = maskRanges(text, findUrls(text));
  const spans: Array<{ value: string; key: string; start: number; end: number }> = [];
  for (const pattern of PRICE_PATTERNS) {
    for (const match of masked.matchAll(pattern)) {
      const key = priceKey(match[0]);
      const start = match.index;
      const end = start + match[0].length;
      // Patterns overlap ("$49/month" is found twice): keep the first span found at a place.
      if (key && !spans.some((s) => start < s.end && s.start < end)) spans.push({ value: match[0], key, start, end });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

function maskRanges(text: string, ranges: ReadonlyArray<{ start: number; end: number }>): string {
  let masked = text;
  for (const { start, end } of ranges) masked = masked.slice(0, start) + " ".repeat(end - start) + masked.slice(end);
  return masked;
}

export function indexKnowledge(texts: readonly string[]): KnowledgeIndex {
  const text = normalisePhrase(texts.join("\n"));
  const raw = texts.join("\n");
  const prices = new Set<string>();
  for (const pattern of PRICE_PATTERNS) for (const [v] of raw.matchAll(pattern)) addKey(prices, priceKey(v));
  for (const [v] of raw.matchAll(PERCENT)) addKey(prices, priceKey(v, "%"));
  const links = new Set<string>();
  const hosts = new Set<string>();
  for (const { value } of findUrls(raw)) {
    const link = normaliseLink(value);
    links.add(link);
    hosts.add(link.split("/")[0] ?? link);
  }
  return { text, prices, links, hosts };
}

function addKey(set: Set<string>, key: string | null): void {
  if (key) set.add(key);
}

/** "$1,299.00" -> "$1299", "49 euros" -> "$49", "2.5k" -> "$2500", "20 %" -> "%20". */
export function priceKey(value: string, prefix: "$" | "%" = "$"): string | null {
  const number = /\d(?:[\d,.]*\d)?/.exec(value)?.[0];
  if (!number) return null;
  const lastSep = Math.max(number.lastIndexOf(","), number.lastIndexOf("."));
  const decimals = lastSep >= 0 ? number.length - lastSep - 1 : 0;
  const isDecimal = lastSep >= 0 && decimals !== 3;
  const integer = (isDecimal ? number.slice(0, lastSep) : number).replace(/[,.]/g, "");
  let amount = Number(isDecimal ? `${integer}.${number.slice(lastSep + 1)}` : integer);
  const scale = /\d\s?(k|m|bn)\b/i.exec(value)?.[1]?.toLowerCase();
  if (scale === "k") amount *= 1_000;
  else if (scale === "m") amount *= 1_000_000;
  else if (scale === "bn") amount *= 1_000_000_000;
  return Number.isFinite(amount) ? `${prefix}${Math.round(amount * 100) / 100}` : null;
}

function normaliseLink(value: string): string {
  return value
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/^www\./, "")
    .replace(/[/#?]+$/, "");
}

function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/(\d)(?:st|nd|rd|th)\b/g, "$1")
    .replace(/(\d)\s+(am|pm)\b/g, "$1$2")
    .replace(/\s+/g, " ");
}

/**
 * What must appear in the knowledge for a promise to be backed, and whether as a word prefix:
 * "we'll refund" -> "refund…", "guaranteed" -> "guarant…", "within 24 hours" -> "24 hour(s)",
 * "free" -> the word "free".
 */
function promiseKey(value: string): { key: string; prefix: boolean } {
  const v = normalisePhrase(value);
  const verb = /^we(?: will|'ll| shall| can) (\w+)/.exec(v)?.[1];
  if (verb) return { key: verb.replace(/e$/, ""), prefix: true };
  const duration = /(\d+)\s?(minute|min|hour|hr|day|business day|working day|week)/.exec(v);
  if (duration) return { key: `${duration[1]} ${duration[2]}`, prefix: false };
  const root = /^(guarant|promis|warrant|refund|discount|waiv|compensat)/.exec(v)?.[1];
  return root ? { key: root, prefix: true } : { key: v, prefix: false };
}

/**
 * Whole-word containment, tolerant of a plural or past-tense ending in the knowledge; with
 * `prefix`, any word starting with the phrase counts ("refund" backs "refunds", "refundable").
 */
function containsPhrase(haystack: string, phrase: string, prefix = false): boolean {
  if (!phrase) return false;
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&").replace(/ /g, "\\s?");
  const ending = prefix ? "" : "(?:e?s|e?d)?(?![\\p{L}\\p{N}])";
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}${ending}`, "u").test(haystack);
}
