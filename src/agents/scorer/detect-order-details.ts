import {
  BOOKING, BUSINESS_BUYER, BUY_NOW, LOCATION_WORDS, NOT_BUYING, NOT_ITEMS, NUMBER_WORDS, ORDER_VERB, PRODUCT_QUESTIONS, VISIT, WHEN, WHOLESALE, cue,
} from "./buying-cues";

/** What a message says about an order: how many, for when, a visit, wholesale, ready to pay. */
export type OrderDetails = {
  /** Goods asked for after an order verb: "200 units", "4 dozen croissants", "10 kg". */
  quantity?: { amount: number; text: string };
  /** People an order or booking is for: "for 80 people", "table for 6". */
  headcount?: number;
  /** How many outlets the buyer has: "3 stores", "our 4 cafés". */
  locations?: number;
  /** First day/date/time named: "this afternoon", "Saturday the 14th". */
  when?: string;
  /** "asks to pick up", "wants to come in", ... */
  visit?: string;
  buyNow: boolean;
  booking: boolean;
  wholesale: boolean;
  businessBuyer: boolean;
  /** An explicit want/need ("we need it", "want to start", "wir brauchen") that a date turns into an order. */
  request: boolean;
  /** "asked about delivery", "asked about availability", ... */
  productQuestion?: string;
  notBuying: boolean;
};

/** At this many units (or for this many people) an order counts as bulk. */
export const BULK_MIN_UNITS = 10;

const NUMBER_ALTERNATIVES = Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|");
const NUMBER = new RegExp(`(?<![\\p{L}\\p{N}#$€£_.,:/-])(\\d{1,6}(?:,\\d{3})*|${NUMBER_ALTERNATIVES})(?![\\p{N}])`, "giu");
const UNIT_SUFFIX = /^\s?(kg|kgs|kilos?|g|lbs?|l|ml|pcs|x)(?![\p{L}\p{N}])/iu;
const ITEM_WORDS = /^\s+(?:of\s+(?:the\s+|those\s+|these\s+|your\s+)?)?((?:[\p{L}][\p{L}\p{N}'’-]*)(?:\s+[\p{L}][\p{L}\p{N}'’-]*){0,2})/u;
const STOP_WORDS = new Set(
  ("for this that these those the a an to at on in by and or of with from every each per please asap today tomorrow tonight is are it " +
    "before after until next so because if when " +
    "de del la las el los para por y con pour et avec le les des du au à für und mit am im zum zur der die das do da dos das e com na no em " +
    "di del della per con e il lo gli le un una uno ein eine einen").split(" "),
);
const PEOPLE_WORDS = /^(?:people|persons|guests|pax|attendees|kids|children|adults|personas|invitados|comensales|personnes|invit[ée]s|personen|g[äa]ste|pessoas|convidados|persone|ospiti)$/iu;
const LOCATIONS = new RegExp(`^(?:${LOCATION_WORDS})$`, "iu");
const ORDER_VERB_BEFORE = new RegExp(`(?:(?<![\\p{L}])(?:${ORDER_VERB})|'d like)(?:\\s+[\\p{L}\\p{N}'’,-]+){0,5}?\\s+$`, "iu");
const BARE_BUY_VERB_BEFORE = /(?<![\p{L}])(?:buy|take|order|get|grab|have)\s+$/iu;
const PRICE_FOR_BEFORE = /(?:how much|price|prices|pricing|quote|cost|cu[aá]nto|combien|prix|was kostet|quanto)(?:\s+[\p{L}'’-]+){0,3}?\s+(?:for|por|pour|f[uü]r|per|para)\s+$/iu;
/** A count answered with a "please" ("2 please", "3 bags, please", "dos, por favor"): an order in reply to an offer or a price. */
const PLEASE_AFTER = /^(?:\s+[\p{L}'’-]+){0,3}?[\s,!.]+(?:please|pls|por favor|s'il (?:te|vous) pla[iî]t|bitte|per favore|se faz favor)(?![\p{L}])/iu;
const PEOPLE_FOR_BEFORE = /(?:for|para|pour|f[uü]r|per|table for|mesa para)\s+$/iu;
const REQUEST = cue(
  "need (?:it|this|them|one|these|those)(?! (?:fixed|sorted|resolved|refunded|cancel+ed|removed|deleted|changed|looked at))|(?:^|i |we )need (?:a|an)|needs? to be (?:ready|done|delivered)|want to (?:order|buy|book|get|start|sign up|enrol+|join|come)|" +
    "(?:would|'d) like to (?:order|book|buy|get|reserve)|can (?:i|we) get|could (?:i|we) get|can you (?:do|cater|make|print|deliver|fit)|" +
    "necesito|necesitamos|quiero|quisiera|je voudrais|nous voudrions|j'ai besoin|ich brauche|wir brauchen|ich m[öo]chte|wir m[öo]chten|quero|preciso|precisamos|vorrei|ci serve|mi serve",
);

/** Reads the order details out of a message (already NFKC-normalised). */
export function detectOrderDetails(text: string): OrderDetails {
  const counted = readNumbers(text);
  const whenMatch = [...text.matchAll(WHEN)][0]?.[0];
  return {
    ...counted,
    when: whenMatch?.trim(),
    visit: VISIT.find((v) => v.pattern.test(text))?.label,
    buyNow: BUY_NOW.test(text),
    booking: BOOKING.test(text),
    wholesale: WHOLESALE.test(text),
    businessBuyer: BUSINESS_BUYER.test(text),
    request: REQUEST.test(text),
    productQuestion: PRODUCT_QUESTIONS.find((q) => q.pattern.test(text))?.label,
    notBuying: NOT_BUYING.test(text),
  };
}

/**
 * Every number in the text with the words after it: goods after an order verb or a price
 * question are a quantity, people after "for" are a headcount, outlets are locations. Times,
 * money, dates, social counts ("200 likes") and compounds ("3-tier", "6pm") are skipped.
 * The largest quantity wins.
 */
function readNumbers(text: string): Pick<OrderDetails, "quantity" | "headcount" | "locations"> {
  const found: Pick<OrderDetails, "quantity" | "headcount" | "locations"> = {};
  for (const match of text.matchAll(NUMBER)) {
    const raw = match[1] ?? "";
    const start = match.index ?? 0;
    const after = text.slice(start + raw.length);
    const before = text.slice(Math.max(0, start - 60), start);
    if (/^[-%]/.test(after) || /^[\p{L}]/u.test(after) && !UNIT_SUFFIX.test(after)) continue;
    const amount = /^\d/.test(raw) ? Number(raw.replace(/,/g, "")) : (NUMBER_WORDS[raw.toLowerCase()] ?? 0);
    if (!(amount > 0)) continue;

    const unit = UNIT_SUFFIX.exec(after);
    let item = unit?.[1] ?? "";
    let multiplier = 1;
    if (!unit) {
      const words = (ITEM_WORDS.exec(after)?.[1] ?? "").split(/\s+/).filter(Boolean);
      if (words[0]?.toLowerCase() === "dozen") {
        multiplier = 12;
        words.shift();
        item = "dozen ";
      }
      const stop = words.findIndex((w) => STOP_WORDS.has(w.toLowerCase()));
      item += words.slice(0, stop === -1 ? words.length : stop).join(" ");
      item = item.trim();
    }
    const head = item.split(" ")[0] ?? "";
    if (head && NOT_ITEMS.test(head)) continue;

    if (LOCATIONS.test(item) || LOCATIONS.test(head)) {
      found.locations = Math.max(found.locations ?? 0, amount);
    } else if (PEOPLE_WORDS.test(head) || (!item && PEOPLE_FOR_BEFORE.test(before) && /table|mesa|tavolo|tisch/iu.test(before))) {
      if (PEOPLE_FOR_BEFORE.test(before)) found.headcount = Math.max(found.headcount ?? 0, amount);
    } else if (ORDER_VERB_BEFORE.test(before) || PRICE_FOR_BEFORE.test(before) || (!item && BARE_BUY_VERB_BEFORE.test(before)) || PLEASE_AFTER.test(after)) {
      if (!item && !BARE_BUY_VERB_BEFORE.test(before) && !PLEASE_AFTER.test(after)) continue;
      const total = amount * multiplier;
      if (!found.quantity || total > found.quantity.amount) found.quantity = { amount: total, text: `${raw}${unit ? "" : " "}${item}`.trim() };
    }
  }
  return found;
}
