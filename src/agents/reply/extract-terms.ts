import { PLACEHOLDER_PATTERN } from "@/shared/privacy/placeholders";
import { STOPWORDS } from "./stopwords";

const URL_LIKE = /https?:\/\/\S+|www\.\S+/giu;
const CONTRACTION = /['’](?:s|t|re|ll|ve|m|d)\b/giu;
const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased words of `text`, without placeholders, URLs, punctuation or contractions. */
export function tokenize(text: string): string[] {
  const cleaned = text
    .normalize("NFKC")
    .replace(PLACEHOLDER_PATTERN, " ")
    .replace(URL_LIKE, " ")
    .replace(CONTRACTION, "")
    .toLowerCase();
  return cleaned.match(WORD) ?? [];
}

/**
 * Small synonym groups so "how much" finds a "Pricing" article and "deliver" finds "Shipping".
 * Deliberately short: each group is one everyday customer concept.
 */
const SYNONYM_GROUPS: ReadonlyArray<readonly string[]> = [
  // English first (the knowledge base's usual language), then Spanish, French, German and
  // Portuguese words for the same concept, so relevance can be judged across languages.
  ["price", "pricing", "cost", "fee", "rate", "quote", "precio", "cuesta", "prix", "coûte", "preis", "kostet", "preço", "custa"],
  ["shipping", "ship", "delivery", "deliver", "shipment", "dispatch", "envío", "envíos", "envio", "envios", "enviar", "livraison", "livrez", "livrer", "versand", "liefern", "liefert", "entrega", "entregam", "frete", "lieferung"],
  ["refund", "return", "reimburse", "exchange", "reembolso", "devolución", "remboursement", "rembourser", "rückerstattung", "erstattung", "devolução", "estorno"],
  ["damaged", "damage", "broken", "torn", "ripped", "crushed", "smashed", "leaking", "dañado", "roto", "abîmé", "endommagé", "kaputt", "beschädigt", "danificado", "rasgado"],
  ["hours", "open", "opening", "closing", "horario", "horaires", "geöffnet", "öffnungszeiten", "horário"],
  ["cancel", "cancellation", "unsubscribe", "cancelar", "annuler", "stornieren", "kündigen"],
  ["demo", "trial", "walkthrough"],
  ["booking", "book", "appointment", "reservation", "schedule", "reserva", "réservation", "buchung", "termin"],
  ["discount", "coupon", "promo", "voucher", "descuento", "réduction", "rabatt", "desconto"],
  ["password", "login", "account"],
];
const PHRASE_TERMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(?<!\p{L})(?:how much|cuánto|cuanto|combien|wie ?viel|quanto)(?!\p{L})/iu, "price"],
  [/(?<!\p{L})money back(?!\p{L})/iu, "refund"],
  [/(?<!\p{L})(?:log ?in|sign ?in)(?!\p{L})/iu, "login"],
];

const groupOf = new Map<string, readonly string[]>();
for (const group of SYNONYM_GROUPS) for (const word of group) groupOf.set(stem(word), group);

/** A word from the message and the words that count as a match for it (itself included). */
export type QueryTerm = { term: string; alternatives: readonly string[] };

/** Content terms with their synonym groups, phrase-derived terms ("how much" -> price) first. */
export function queryTerms(text: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (term: string) => {
    const group = groupOf.get(stem(term));
    const key = group ? `group:${group[0]}` : stem(term);
    if (seen.has(key)) return;
    seen.add(key);
    terms.push({ term, alternatives: group ? [term, ...group.filter((w) => w !== term)] : [term] });
  };
  for (const [pattern, term] of PHRASE_TERMS) if (pattern.test(text)) add(term);
  for (const term of contentTerms(text)) add(term);
  return terms;
}

/** Distinct searchable words in order of appearance: no stopwords, no bare numbers. */
export function contentTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const token of tokenize(text)) {
    if ([...token].length < 2 || STOPWORDS.has(token) || !/\p{L}/u.test(token)) continue;
    terms.add(token);
  }
  return [...terms];
}

/**
 * A light English stemmer for overlap scoring ("pricing"/"prices"/"price" -> "pric",
 * "shipped"/"shipping" -> "ship"). Retrieval itself relies on Postgres' Snowball stemmer.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  if (/([b-df-hj-km-np-rtv-z])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}
