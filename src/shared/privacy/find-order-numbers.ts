import type { DetectedSpan } from "./detected-span";

/**
 * Order, booking, invoice and tracking numbers. They identify one purchase (and so one person)
 * but look like any other number, so most need a cue before them ("order #A-10293",
 * "Bestellnummer 4471920", "tracking: 1Z999AA10123456784"); carrier formats with their own shape
 * (UPS "1Z...", the UPU "RR123456785GB" format) and "#48213"-style references are found alone.
 * Quantities and amounts after the word "order" ("order 3 bags", "order 250g", "order 1,000
 * units") are not numbers of an order.
 */
const ORDER_CUES = [
  "order(?: (?:number|no\\.?|num|id|ref|reference))?", "ord", "invoice(?: (?:number|no\\.?))?", "booking(?: (?:number|ref|reference|id))?",
  "reservation(?: (?:number|no\\.?))?", "confirmation(?: (?:number|code|no\\.?))?", "ref(?:erence)?(?: (?:number|no\\.?))?",
  "case(?: (?:number|no\\.?|id))?", "ticket(?: (?:number|no\\.?|id))?", "pedido", "n[úu]mero de pedido", "commande",
  "num[ée]ro de commande", "bestellung", "bestellnummer", "bestelling", "bestelnummer", "auftragsnummer", "rechnungsnummer", "ordine", "encomenda",
  "zamówienie", "numer zamówienia", "sipariş(?: no)?", "заказ(?:а)?", "номер заказа", "订单号?", "注文番号", "주문번호",
];
const TRACKING_CUES = [
  "tracking(?: (?:number|no\\.?|num|id|code))?", "track(?:ing)? #", "awb", "waybill", "consignment(?: number)?",
  "parcel(?: number)?", "shipment(?: (?:number|id))?", "sendungsnummer", "sendungsverfolgung", "num[ée]ro de suivi",
  "suivi", "n[úu]mero de seguimiento", "seguimiento", "código de rastreio", "rastreio", "трек(?:-?номер)?",
  "快递单号", "运单号", "单号",
];

const cue = (list: string[]) => list.map((c) => c.replace(/ /g, "[ \\t]+")).join("|");
// Cue, optional marker ("#", "no.", ":", "is"), then the identifier.
const CUED = new RegExp(
  `(?:(${cue(TRACKING_CUES)})|(${cue(ORDER_CUES)}))(?![\\p{L}])` +
    `([ \\t]*(?:[:：#=\\-–]|is|was|nr\\.?|no\\.?|n[º°]\\.?|est|es|ist)?[ \\t]*#?[ \\t]*)` +
    `([\\p{L}\\p{N}](?:[\\p{L}\\p{N}]|[\\-/_.](?=[\\p{L}\\p{N}])){2,39})(?![\\p{L}\\p{N}])`,
  "giu",
);
const UPS = /(?<![\p{L}\p{N}])1Z[0-9A-Z]{16}(?![\p{L}\p{N}])/gu;
const UPU = /(?<![\p{L}\p{N}])[A-Z]{2}\d{9}[A-Z]{2}(?![\p{L}\p{N}])/gu;
const HASH_REFERENCE = /(?<![\p{L}\p{N}&#])#\d{5,}(?![\p{L}\p{N}])/gu;

/** "250g", "2x", "3kg", "10pcs": a quantity, not an identifier. */
const QUANTITY = /^\d+(?:[.,]\d+)?(?:g|kg|mg|ml|cl|l|oz|lbs?|x|pcs?|pk|packs?|units?|cups?|bags?|boxes)$/i;
const UNIT_AFTER = /^[ \t]*(?:x\b|units?|pcs|pieces|items|bags?|boxes|cups|bottles|packs?|cans|kg|g\b|lbs?|of\b|more|per\b)/i;

export function findOrderNumbers(text: string): DetectedSpan[] {
  const spans: DetectedSpan[] = [];
  for (const match of text.matchAll(CUED)) {
    const [, tracking, , , id = ""] = match;
    if (/[\p{L}\p{N}]/u.test(text.charAt((match.index ?? 0) - 1))) continue; // a cue inside a word ("reorder")
    const start = (match.index ?? 0) + match[0].length - id.length;
    const cueAndMarker = match[0].slice(0, match[0].length - id.length);
    if (!isIdentifier(id, cueAndMarker, tracking !== undefined, text.slice(start + id.length, start + id.length + 12))) continue;
    spans.push({ kind: tracking !== undefined ? "TRACKING" : "ORDER", start, end: start + id.length, value: id });
  }
  for (const [pattern, kind] of [[UPS, "TRACKING"], [UPU, "TRACKING"], [HASH_REFERENCE, "ORDER"]] as const) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index ?? 0;
      spans.push({ kind, start, end: start + match[0].length, value: match[0] });
    }
  }
  return spans;
}

/**
 * An identifier has digits, at least four characters and is not a quantity. A bare number right
 * after the cue word needs five digits unless a marker ("#", "no.", ":") says it is a number.
 * `marker` is the cue with what follows it ("order no. ").
 */
function isIdentifier(id: string, marker: string, tracking: boolean, following: string): boolean {
  const digits = id.replace(/\D/g, "").length;
  if (digits === 0 || id.length < 4 || QUANTITY.test(id)) return false;
  if (/^\d+$/.test(id)) {
    if (UNIT_AFTER.test(following)) return false;
    const marked = /[#:：=]|\b(?:no|nr|number|id|ref)\b|n[º°]|номер|号|番号|번호/iu.test(marker);
    return digits >= (marked ? 4 : 5);
  }
  return tracking ? digits >= 4 : digits >= 2;
}
