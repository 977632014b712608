import { assessBuyingStage, type BuyingStage } from "./assess-buying-stage";
import { BULK_MIN_UNITS, detectOrderDetails, type OrderDetails } from "./detect-order-details";
import type { ScoreInput } from "./types";

/**
 * Turns a ScoreInput into (a) a numeric feature vector for the logistic model, every value in
 * 0-1, and (b) named signals with human-readable labels for rules, reasons and tags.
 * Text cues cover English plus common Spanish, French, German, Italian and Portuguese forms.
 * Order details (quantity, bulk, visit, date, ready to pay) come from detect-order-details.ts,
 * and the buying stage (commit / pre-sales / none) from assess-buying-stage.ts.
 */
/**
 * The model's inputs. A bare question mark is not one: it is not evidence of a purchase either
 * way, and a learned sign on it could make "can I pick it up today?" score below "coming in
 * today". It stays a small rule signal.
 */
export const FEATURE_NAMES = [
  "intent_sales", "intent_support", "intent_other", "intent_spam", "confidence",
  "pricing", "purchase", "demo_trial", "plan_mention", "urgency", "budget", "team_size",
  "negative", "log_followers", "verified", "repeat_contact", "recency", "tenure",
  "engaged", "ghosted",
  "buy_now", "bulk", "quantity", "visit", "date", "product_question", "not_buying",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

export type SignalKey =
  | "pricing" | "purchase" | "demo" | "plan" | "urgent" | "budget" | "team-size" | "question"
  | "influencer" | "audience" | "verified" | "repeat-contact" | "engaged"
  | "negative" | "ghosted" | "stale"
  | "buy-now" | "bulk" | "quantity" | "visit" | "date" | "product-question" | "not-buying";
export type Signal = { key: SignalKey; label: string };
export type Features = {
  named: Record<FeatureName, number>;
  vector: number[];
  signals: Signal[];
  details: OrderDetails;
  stage: BuyingStage;
};

const B = String.raw`(?<![\p{L}\p{N}])`; // unicode-aware word boundaries
const E = String.raw`(?![\p{L}\p{N}])`;
const cue = (alternatives: string) => new RegExp(`${B}(?:${alternatives})${E}`, "iu");

const CUES = {
  pricing: cue(
    "prices?|pricing|costs?|quotes?|quotation|how much|rates|fees?|estimate|" +
      "precios?|cu[aá]nto cuesta|cu[aá]nto|prix|combien|tarifs?|preise?|kosten|kostet|wie ?viel|prezzo|quanto costa|pre[cç]o|quanto custa",
  ),
  purchase: cue(
    "buy|buying|purchase|(?:to|can i|could i|can we|we'?d like to|i'?d like to) order|order(?:ing)? (?:a|an|some|\\d+)|" +
      "sign(?:ing)? up|signup|subscribe|upgrade|checkout|(?<!(?:my|our|your|the) )book(?:ing)?(?! a (?:demo|call))|reserve|hire|" +
      "get started|place an order|" +
      "comprar|hacer (?:un )?pedido|pedir|reservar|acheter|commander|r[ée]server|kaufen|bestellen|buchen|acquistare|ordinare|comprare|contratar|encomendar|encomenda",
  ),
  demo: cue(
    "demo|free trial|trial|walkthrough|book a call|schedule a call|sales call|consultation|" +
      "d[ée]mo|prueba gratis|probar|essai gratuit|essai|testen|probeabo|prova gratuita",
  ),
  plan: cue(
    "(?:starter|basic|pro|premium|business|enterprise|team|growth|plus|annual|yearly|monthly) (?:plan|tier|package|subscription)|" +
      "enterprise|licen[cs]es?|seats",
  ),
  urgent: cue(
    "asap|urgent(?:ly)?|today|tonight|tomorrow|right now|right away|immediately|as soon as possible|this week|" +
      "deadline|need (?:it|this|them|one) (?:by|before|now)|by (?:monday|tuesday|wednesday|thursday|friday|the weekend|end of (?:the )?(?:day|week|month))|" +
      "now(?! that)|time.sensitive|dringend|sofort|heute|urgente|hoy|lo antes posible|cuanto antes|au plus vite|aujourd'hui|urgent|subito|oggi|hoje",
  ),
  budget: cue(
    "budget|presupuesto|or[cç]amento|[$€£]\\s?\\d[\\d,.]*\\s?k?|\\d[\\d,.]*\\s?(?:k|usd|eur|gbp|dollars|euros|pounds)(?!\\s?(?:followers|likes|views|subscribers|fans))",
  ),
  negative: cue(
    "terrible|awful|horrible|worst|scam|disappointed|disappointing|angry|furious|unacceptable|ridiculous|useless|" +
      "broken|doesn'?t work|does not work|not working|never again|complaint|complain|refund|cancel|unsubscribe|" +
      "stop (?:messaging|spamming|contacting)|hate|rip.?off|waste of|frustrat\\w*|" +
      "p[ée]simo|estafa|decepcionad[oa]|reembolso|devoluci[oó]n|arnaque|nul|d[ée]çu|d[ée]cevant|rembours[ée]e?|remboursement|" +
      "schlecht|betrug|entt[äa]uscht|r[üu]ckerstattung|truffa|rimborso|golpe|devolu[çc][ãa]o",
  ),
} as const;

const TEAM_SIZE =
  /(?:team|company|staff|office|business|org(?:ani[sz]ation)?|equipo|[ée]quipe)\s+(?:of|de)\s+(\d{1,6})|(\d{1,6})\+?\s*(?:people|employees|staff|users|seats|agents|members|locations|stores|licen[cs]es|empleados|personas|personnes|salari[ée]s|mitarbeiter(?:innen)?|dipendenti|funcion[aá]rios)(?![\p{L}])/iu;
const QUESTION_START =
  /^(?:how|what|when|where|which|who|can|could|do|does|is|are|will|would|should|any|c[oó]mo|qu[eé]|cu[aá]ndo|d[oó]nde|est-ce|wie|was|wann|wo)(?![\p{L}])/iu;

const STALE_AFTER_DAYS = 30;
const RECENCY_HALF_LIFE_DAYS = 21;

export function extractFeatures(input: ScoreInput): Features {
  const text = input.text.normalize("NFKC");
  const { history, profile } = input;
  const signals: Signal[] = [];
  const add = (key: SignalKey, label: string) => signals.push({ key, label });

  const pricing = CUES.pricing.test(text);
  const purchase = CUES.purchase.test(text);
  const demo = CUES.demo.test(text);
  const plan = CUES.plan.test(text);
  const urgent = CUES.urgent.test(text);
  const budget = CUES.budget.test(text);
  const negative = CUES.negative.test(text);
  const teamMatch = TEAM_SIZE.exec(text);
  const question = text.includes("?") || text.includes("？") || QUESTION_START.test(text.trim());
  const details = detectOrderDetails(text);
  // A headcount ("catering for 50 Personen") counts like a team size where the list above misses it.
  const teamSize = teamMatch ? Number(teamMatch[1] ?? teamMatch[2]) : (details.headcount ?? 0);
  const quantity = details.quantity;
  const bulk =
    quantity && quantity.amount >= BULK_MIN_UNITS ? `bulk order: ${quantity.text}`
    : details.wholesale ? "wholesale inquiry"
    : details.businessBuyer && (quantity || purchase) ? "buying for a business"
    : undefined;
  const buying = pricing || purchase || demo || plan || budget || teamSize > 0 || details.buyNow || details.booking ||
    bulk !== undefined || quantity !== undefined || details.visit !== undefined || details.productQuestion !== undefined;
  const dated = details.when !== undefined && buying;

  if (details.buyNow) add("buy-now", "ready to buy now");
  if (bulk) add("bulk", bulk);
  if (details.visit) add("visit", `${details.visit}${details.when ? ` ${timeText(details.when)}` : ""}`);
  if (pricing) add("pricing", "asked for pricing");
  if (demo) add("demo", "requested a demo or trial");
  if (purchase && !details.buyNow) add("purchase", "ready to buy or book");
  if (quantity && !bulk?.startsWith("bulk")) add("quantity", `wants ${quantity.text}`);
  if (plan) add("plan", "mentioned a plan");
  if (urgent) add("urgent", "urgent timeline");
  else if (dated) add("date", /^at /.test(timeText(details.when ?? "")) ? timeText(details.when ?? "") : `for ${timeText(details.when ?? "")}`);
  if (budget) add("budget", "mentioned a budget");
  if (teamSize > 0) {
    const outlets = /stores|locations/iu.test(teamMatch?.[0] ?? "");
    add("team-size", outlets ? `${teamSize} locations` : details.headcount === teamSize ? `for ${teamSize} people` : `team of ${teamSize}`);
  }
  if (details.productQuestion) add("product-question", details.productQuestion);
  if (question && !pricing && !demo && !details.productQuestion) add("question", "asked a question");
  if (negative) add("negative", "negative sentiment");
  if (details.notBuying) add("not-buying", "not a purchase (job, collab or promo)");

  const followers = Math.max(0, profile.followers ?? 0);
  if (followers >= 10_000) add("influencer", `${formatCount(followers)} followers`);
  else if (followers >= 1_000) add("audience", `${formatCount(followers)} followers`);
  if (profile.verified) add("verified", "verified account");

  const previous = Math.max(0, history.previousMessages);
  if (previous > 0) add("repeat-contact", `repeat contact (${previous} earlier message${previous === 1 ? "" : "s"})`);
  const engagedRatio =
    history.contactRepliesAfterBusiness > 0
      ? Math.min(1, history.contactRepliesAfterBusiness / Math.max(1, history.businessReplies))
      : 0;
  if (engagedRatio > 0) add("engaged", "replied to our messages");
  const ghosted = history.businessReplies >= 2 && history.contactRepliesAfterBusiness === 0;
  if (ghosted) add("ghosted", "did not answer our replies");
  const daysSinceLast = history.daysSinceLastContact;
  if (daysSinceLast !== undefined && daysSinceLast > STALE_AFTER_DAYS) {
    add("stale", `no contact for ${Math.round(daysSinceLast)} days`);
  }

  const named: Record<FeatureName, number> = {
    intent_sales: input.intent === "sales" ? 1 : 0,
    intent_support: input.intent === "support" ? 1 : 0,
    intent_other: input.intent === "other" ? 1 : 0,
    intent_spam: input.intent === "spam" ? 1 : 0,
    confidence: clamp01(input.confidence),
    pricing: pricing ? 1 : 0,
    purchase: purchase ? 1 : 0,
    demo_trial: demo ? 1 : 0,
    plan_mention: plan ? 1 : 0,
    urgency: urgent ? 1 : 0,
    budget: budget ? 1 : 0,
    team_size: teamSize > 0 ? clamp01(Math.log10(1 + teamSize) / 3) : 0,
    negative: negative ? 1 : 0,
    log_followers: clamp01(Math.log10(1 + followers) / 6),
    verified: profile.verified ? 1 : 0,
    repeat_contact: Math.min(previous, 5) / 5,
    recency: daysSinceLast === undefined ? 1 : Math.pow(0.5, Math.max(0, daysSinceLast) / RECENCY_HALF_LIFE_DAYS),
    tenure: clamp01(Math.log1p(Math.max(0, history.daysSinceFirstContact ?? 0)) / Math.log1p(365)),
    engaged: engagedRatio,
    ghosted: ghosted ? 1 : 0,
    buy_now: details.buyNow ? 1 : 0,
    bulk: bulk ? 1 : 0,
    quantity: quantity ? 1 : 0,
    visit: details.visit ? 1 : 0,
    date: dated || (urgent && buying) ? 1 : 0,
    product_question: details.productQuestion ? 1 : 0,
    not_buying: details.notBuying ? 1 : 0,
  };
  const stage = assessBuyingStage({ intent: input.intent, question, pricing, purchase, demo, plan, budget, urgent, negative, details });
  return { named, vector: FEATURE_NAMES.map((name) => named[name]), signals, details, stage };
}

/** "on June 7th" -> "June 7th", "am 12. Dezember" -> "12. Dezember", "6pm" / "at 8" -> "at 6pm" / "at 8", for reasons. */
function timeText(when: string): string {
  const bare = when.replace(/^(?:on|by|for|in|at|am|el|le|no|para|pour) /iu, "");
  return /^\d{1,2}(?::\d{2})? ?(?:am|pm|h\d{0,2})?$/iu.test(bare) ? `at ${bare}` : bare;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** 950 -> "950", 12_400 -> "12.4k", 12_000 -> "12k", 1_250_000 -> "1.3M". */
export function formatCount(n: number): string {
  if (n >= 1_000_000) return `${trimZero((n / 1_000_000).toFixed(1))}M`;
  if (n >= 1_000) return `${trimZero((n / 1_000).toFixed(n >= 100_000 ? 0 : 1))}k`;
  return String(Math.round(n));
}

function trimZero(value: string): string {
  return value.replace(/\.0$/, "");
}
