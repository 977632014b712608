import type { Kind, StreamMessage } from "./stream-types";

/**
 * A message's letters only, lower case, without the pipeline's placeholders ("[EMAIL_1]"):
 * the same for a stream text and the anonymised copy a model is shown, as long as the
 * anonymiser replaced only personal data.
 */
export function fingerprint(text: string): string {
  return text.replace(/\[[A-Z]+_\d+\]/g, " ").toLowerCase().replace(/[^\p{L}]+/gu, "");
}

/** The stream's own labels by fingerprint (of the text and of its personal-data-free copy); the first label wins. */
export function labelIndex(stream: readonly StreamMessage[]): Map<string, Kind> {
  const index = new Map<string, Kind>();
  for (const m of stream) {
    for (const text of [m.text, m.plainText]) {
      const key = fingerprint(text);
      if (key && !index.has(key)) index.set(key, m.kind);
    }
  }
  return index;
}

/** For texts the index does not know (an anonymiser that replaced more than personal data): plain keyword rules. */
export function guessKind(text: string): Kind {
  if (/\[URL_\d+\]|https?:|bit\.ly|followers|giveaway|crypto|bitcoin|forex|\$\d|earn|invest|verify|disabled|claim|promo|collab|dm me/i.test(text)) return "spam";
  if (/refund|cancel|damaged|broken|charged|arrived|tracking|log in|pause|invoice|wrong|missing|replacement|reembolso|cancelar|pedido|commande|bestellung|abo\b/i.test(text)) return "support";
  if (/price|how much|cost|ship|buy|order|plan|wholesale|subscri|sign up|precio|cuánto|quanto|preço|prix|combien|preis|kostet|prezzo/i.test(text)) return "sales";
  return "other";
}
