/**
 * Factual statements find-claims.ts does not cover, each of which must be backed by the
 * retrieved knowledge, in the languages Leadline replies in (en, es, fr, de, pt, it):
 * - numbers: every number in a reply (a quantity, a duration, a size, a house number...) must
 *   appear in the knowledge or the customer's message; "two" and "2" are the same number;
 * - offers and freebies (free, gift, discount, promo code, gratis, regalo, cadeau, Rabatt...);
 * - policy absolutes (always, never, no minimum, any time, siempre, jamais, immer...);
 * - availability and stock (in stock, available, we carry, disponible, auf Lager...).
 * A word claim is backed when the knowledge holds a word of its own group. Strict on purpose:
 * a reply the check cannot tie to the knowledge goes to a human.
 */
export type FactClaimKind = "number" | "offer" | "policy" | "availability";
export type FactClaim = { kind: FactClaimKind; value: string };

const NUMBER_WORDS: Record<string, string> = {
  one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10", eleven: "11", twelve: "12",
  dos: "2", tres: "3", cuatro: "4", cinco: "5", seis: "6", siete: "7", ocho: "8", nueve: "9", diez: "10",
  deux: "2", trois: "3", quatre: "4", cinq: "5", sept: "7", huit: "8", neuf: "9", dix: "10",
  zwei: "2", drei: "3", vier: "4", "fünf": "5", sechs: "6", sieben: "7", acht: "8", neun: "9", zehn: "10",
  "três": "3", quatro: "4", oito: "8", nove: "9", dez: "10",
  due: "2", quattro: "4", sei: "6", sette: "7", otto: "8", dieci: "10",
};

/**
 * Word claims by kind, in groups of words that back each other ("free" backs "gratis", not
 * "gift"). A group's entries are matched at a word start, so "discount" also finds
 * "discounted". A claim is backed when the knowledge holds a word of its own group.
 */
const GROUPS: Record<Exclude<FactClaimKind, "number">, ReadonlyArray<readonly string[]>> = {
  offer: [
    ["free", "freebie", "complimentary", "on the house", "gratis", "gratuit", "grátis", "kostenlos", "gratuito"],
    ["gift", "bonus", "regal", "cadeau", "offert", "geschenk", "omaggio", "brinde"],
    ["discount", "% off", "descuento", "réduction", "remise", "rabatt", "desconto", "sconto", "2 for 1", "two for one", "bogo"],
    ["promo code", "discount code", "coupon", "voucher", "promo", "cupón", "code promo", "gutschein", "código", "codice"],
  ],
  policy: [
    ["always", "siempre", "toujours", "immer", "sempre"],
    ["never", "nunca", "jamás", "jamais", "niemals", "nie"],
    ["no minimum", "no min", "sin mínimo", "sans minimum", "ohne mindest", "sem mínimo", "senza minimo", "minimum"],
    ["any time", "anytime", "en cualquier momento", "à tout moment", "jederzeit", "a qualquer momento", "in qualsiasi momento"],
    ["no questions asked", "no matter what", "hassle-free", "hassle free"],
    ["forever", "for life", "lifetime"],
  ],
  availability: [
    ["in stock", "back in stock", "out of stock", "sold out", "available", "availab", "restock", "we carry", "we stock", "in store now",
      "disponib", "disponív", "en stock", "em estoque", "in magazzino", "auf lager", "vorrätig", "verfügbar", "agotado", "épuisé", "ausverkauft", "esgotado", "esaurito"],
  ],
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Entries of 4+ letters may take an ending ("discount" -> "discounted"); shorter ones ("nie") match as they are. */
const entryPattern = (entry: string) => `${escape(entry)}${entry.length >= 4 && /\p{L}$/u.test(entry) ? "\\p{L}*" : ""}`;
const startsWord = (entry: string) => new RegExp(`(?<![\\p{L}\\p{N}])${entryPattern(entry)}`, "iu");
const CLAIM_PATTERNS = Object.fromEntries(
  Object.entries(GROUPS).map(([kind, groups]) => [
    kind,
    new RegExp(`(?<![\\p{L}\\p{N}])(?:${groups.flat().sort((a, b) => b.length - a.length).map(entryPattern).join("|")})(?![\\p{L}])`, "giu"),
  ]),
) as Record<Exclude<FactClaimKind, "number">, RegExp>;

/** The group a matched claim word belongs to: the one with the longest entry it starts with. */
function groupOf(kind: Exclude<FactClaimKind, "number">, value: string): readonly string[] {
  const v = value.toLowerCase();
  let best: { group: readonly string[]; length: number } | null = null;
  for (const group of GROUPS[kind]) for (const entry of group) if (v.startsWith(entry) && entry.length > (best?.length ?? 0)) best = { group, length: entry.length };
  return best?.group ?? [];
}

/** Courtesies that use claim words without claiming anything ("feel free to ask", "always happy to help"). */
const IDIOMS = /\b(?:feel free|free to (?:ask|reach|message|dm|contact|write|get in touch)|(?:always|never) (?:happy|glad|here|a pleasure)|never hesitate|any time!?$|anytime!?$)\b|(?<![\p{L}])(?:no dude[ns]|n'hésitez pas|zögern sie nicht|non esitate|não hesite|siempre (?:a tu|a su) (?:disposición|servicio)|toujours (?:là|ravis?))(?![\p{L}])/giu;

const NUMBER = /(?<![\p{L}\p{N}_[])\d+(?:[.,]\d+)*(?![\p{N}_\]])/gu;
const NUMBER_WORD = new RegExp(`(?<![\\p{L}])(?:${Object.keys(NUMBER_WORDS).join("|")})(?![\\p{L}])`, "giu");

/** The numbers a text states, as canonical strings ("1,299.00" -> "1299", "two" -> "2", "2.5" -> "2.5"). */
export function numbersIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const [raw] of text.matchAll(NUMBER)) found.add(canonicalNumber(raw));
  for (const [word] of text.matchAll(NUMBER_WORD)) found.add(NUMBER_WORDS[word.toLowerCase()] ?? word);
  return found;
}

function canonicalNumber(raw: string): string {
  // The last separator is a decimal point unless three digits follow it ("1,299" / "1.299" are
  // thousands; "2,5" and "49.00" decimals); every other separator groups thousands.
  const last = Math.max(raw.lastIndexOf(","), raw.lastIndexOf("."));
  const decimal = last >= 0 && raw.length - last - 1 !== 3;
  const integer = (decimal ? raw.slice(0, last) : raw).replace(/[.,]/g, "");
  const n = Number(decimal ? `${integer}.${raw.slice(last + 1)}` : integer);
  return Number.isFinite(n) ? String(n) : raw;
}

/**
 * Fact claims of `reply` the knowledge does not back. `allowedNumbers` are numbers that need no
 * backing (the customer's own, placeholders' indexes are never numbers here).
 */
export function unbackedFactClaims(reply: string, knowledge: string, allowedNumbers: ReadonlySet<string>): FactClaim[] {
  const known = knowledge.toLowerCase();
  const knownNumbers = numbersIn(knowledge);
  const out: FactClaim[] = [];
  const seen = new Set<string>();
  const push = (claim: FactClaim) => {
    const key = `${claim.kind}|${claim.value.toLowerCase()}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(claim);
    }
  };
  const text = reply.replace(/\[[A-Z]+_\d+\]/g, " ").replace(IDIOMS, " "); // placeholders and courtesies are not claims
  for (const n of numbersIn(text)) if (!knownNumbers.has(n) && !allowedNumbers.has(n)) push({ kind: "number", value: n });
  for (const kind of Object.keys(GROUPS) as Array<Exclude<FactClaimKind, "number">>) {
    for (const [value] of text.matchAll(CLAIM_PATTERNS[kind])) {
      if (!groupOf(kind, value).some((entry) => startsWord(entry).test(known))) push({ kind, value });
    }
  }
  return out;
}
