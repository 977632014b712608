import type { BuyingStage } from "./assess-buying-stage";
import { DEFAULT_SCORER_MODEL } from "./default-model";
import { extractFeatures, type Signal, type SignalKey } from "./extract-features";
import { predictFromNamed, type LogisticModel } from "./logistic-model";
import type { ScoreInput, ScoreResult, Tier } from "./types";

/** Tier thresholds on the 0-100 score, highest first. */
export const TIER_THRESHOLDS: ReadonlyArray<{ tier: Tier; min: number }> = [
  { tier: "hot", min: 70 },
  { tier: "warm", min: 40 },
  { tier: "cold", min: 0 },
];

export const SCORING_POLICY = {
  /** Share of the score from the model's win probability; the rest from the rules. */
  modelWeight: 0.5,
  /** Spam is always cold and never scores above this... */
  spamMax: 5,
  /**
   * ...when the classifier is at least this sure. Below it, a "spam" message that carries
   * buying intent is scored as a lead but kept warm (tagged "possible-spam"): a misread order
   * is not lost, and real spam that slips through is never hot.
   */
  spamCertainty: 0.8,
  /** Support requests are existing customers: capped just below hot unless strongly buying. */
  supportCap: 69,
  /** How many of these signals make a support message a strong buying signal. */
  strongBuyingSignals: [
    "pricing", "purchase", "demo", "plan", "budget", "team-size", "buy-now", "bulk", "quantity", "visit",
  ] as readonly SignalKey[],
  strongBuyingMin: 2,
  /** What lifts an existing customer's message to warm: interest in buying, not team size or budget. */
  supportInterestSignals: ["pricing", "purchase", "demo", "plan", "buy-now", "bulk", "quantity", "visit"] as readonly SignalKey[],
  /**
   * The salesperson's reading of the message bounds the score, whatever the profile or the
   * model say: explicit buying intent ("commit") is at least hot, a pre-sales question at least
   * warm, and a message with no buying interest at most cold unless the classifier calls it sales.
   */
  stageFloors: { commit: 70, "pre-sales": 40 },
  noInterestCap: 39,
  /** Timeline signals count only next to a buying signal ("urgent" alone is a support ticket). */
  timelineSignals: ["urgent", "date"] as readonly SignalKey[],
  /** Base rule points per intent, scaled by the classifier's confidence (0.5 + 0.5·conf). */
  intentPoints: { sales: 30, support: 10, other: 8, spam: 0 },
} as const;

/** Rule points per signal; also the order in which signals are named in the reason. */
export const SIGNAL_POINTS: Record<SignalKey, number> = {
  "buy-now": 30,
  bulk: 25,
  visit: 25,
  pricing: 20,
  demo: 20,
  purchase: 15,
  urgent: 15,
  quantity: 12,
  "product-question": 12,
  date: 10,
  budget: 10,
  "team-size": 8,
  plan: 8,
  influencer: 8,
  "repeat-contact": 8,
  engaged: 10,
  audience: 4,
  verified: 5,
  question: 3,
  negative: -15,
  ghosted: -10,
  stale: -10,
  "not-buying": -25,
};

const SIGNAL_TAGS: Partial<Record<SignalKey, string>> = {
  pricing: "pricing",
  demo: "demo-request",
  purchase: "purchase-intent",
  urgent: "urgent",
  budget: "budget",
  "team-size": "team-size",
  plan: "plan-interest",
  influencer: "influencer",
  verified: "verified",
  "repeat-contact": "repeat-contact",
  engaged: "engaged",
  negative: "negative-sentiment",
  ghosted: "unresponsive",
  stale: "stale",
  "buy-now": "ready-to-buy",
  bulk: "bulk-order",
  quantity: "quantity",
  visit: "visit",
  date: "date",
  "product-question": "pre-sales-question",
  "not-buying": "not-buying",
};

/** Every tag the rules-based scorer gives: labels, never the customer's words (retention keeps these, drops others). */
export const SCORER_TAGS: readonly string[] = [...new Set([...Object.values(SIGNAL_TAGS).filter((t): t is string => t !== undefined), "support", "existing-customer", "possible-spam", "spam"])];

/**
 * Scores a lead 0-100 and assigns hot/warm/cold: rule points (intent, buying signals,
 * urgency, audience, history) blended with the logistic model's win probability, bounded by
 * the buying stage (explicit buying intent is at least hot, a pre-sales question at least warm,
 * no buying interest at most cold), then the hard rules: spam is cold (<= 5, tagged "spam")
 * unless the classifier was unsure and the message shows buying intent (then warm at most);
 * support is tagged "existing-customer" and capped at warm unless it carries a strong buying
 * signal. Deterministic and pure; a stronger buying signal never lowers the score.
 */
export function scoreLead(input: ScoreInput, model: LogisticModel = DEFAULT_SCORER_MODEL): ScoreResult {
  const { named, signals, stage } = extractFeatures(input);
  const policy = SCORING_POLICY;

  if (input.intent === "spam") {
    if (input.confidence < policy.spamCertainty && stage !== "none") {
      const asLead = scoreLead({ ...input, intent: "other" }, model);
      const score = Math.min(policy.supportCap, Math.max(policy.stageFloors["pre-sales"], asLead.score));
      return { tier: tierFor(score), score, reason: `Possibly spam: ${asLead.reason.charAt(0).toLowerCase()}${asLead.reason.slice(1)}`, tags: ["possible-spam", ...asLead.tags] };
    }
    const score = Math.min(policy.spamMax, Math.round(predictFromNamed(model, named) * 100));
    return { tier: "cold", score, reason: "Classified as spam", tags: ["spam"] };
  }

  // An existing customer who is clearly buying more is scored as a sales lead by the rules.
  const strongCount = signals.filter((s) => policy.strongBuyingSignals.includes(s.key)).length;
  const strongBuying = strongCount >= policy.strongBuyingMin;
  const ruleIntent = input.intent === "support" && strongBuying ? "sales" : input.intent;
  const confidenceScale = 0.5 + 0.5 * Math.min(1, Math.max(0, input.confidence));
  const hasBuying = signals.some((s) => SIGNAL_KIND[s.key] === "buying" && s.key !== "question");
  const points = (s: Signal) => (policy.timelineSignals.includes(s.key) && !hasBuying ? 0 : SIGNAL_POINTS[s.key]);
  const rulePoints = policy.intentPoints[ruleIntent] * confidenceScale + signals.reduce((sum, s) => sum + points(s), 0);
  const ruleScore = Math.min(100, Math.max(0, rulePoints));
  const probability = predictFromNamed(model, named);
  let score = Math.round((1 - policy.modelWeight) * ruleScore + policy.modelWeight * 100 * probability);

  // An existing customer's message lifts to a floor only on real buying signals, not on a question.
  const floorStage =
    input.intent !== "support" ? stage
    : stage === "commit" && strongBuying ? "commit"
    : stage !== "none" && signals.some((s) => policy.supportInterestSignals.includes(s.key)) ? "pre-sales"
    : "none";
  if (floorStage !== "none") score = Math.max(score, policy.stageFloors[floorStage]);
  else if (input.intent !== "sales" || signals.some((s) => s.key === "not-buying")) score = Math.min(score, policy.noInterestCap);

  const tags = signals.flatMap((s) => SIGNAL_TAGS[s.key] ?? []);
  if (input.intent === "support") {
    tags.unshift("support", "existing-customer");
    if (!strongBuying) score = Math.min(score, policy.supportCap);
  }
  score = holdOnBuying(input, stage, Math.min(100, Math.max(0, score)));

  const tier = tierFor(score);
  return { tier, score, reason: explain(input, signals.filter((s) => points(s) !== 0), tier), tags: [...new Set(tags)] };
}

/**
 * A message that shows buying interest never lowers the lead: the score stays at least where the
 * lead stood before it (`history.previousScore`), whatever the classifier's confidence on a short
 * follow-up ("2 please" after "price?"). Messages without buying interest may lower it, and the
 * reason names why.
 */
export function holdOnBuying(input: Pick<ScoreInput, "history">, stage: BuyingStage, score: number): number {
  const previous = input.history.previousScore;
  return stage !== "none" && previous !== undefined ? Math.max(score, Math.min(100, Math.max(0, previous))) : score;
}

export function tierFor(score: number): Tier {
  return TIER_THRESHOLDS.find((t) => score >= t.min)?.tier ?? "cold";
}

/** Signals of one kind; the reason names the strongest of different kinds first. */
const SIGNAL_KIND: Record<SignalKey, "buying" | "urgency" | "audience" | "relationship" | "negative"> = {
  pricing: "buying",
  demo: "buying",
  purchase: "buying",
  plan: "buying",
  budget: "buying",
  "team-size": "buying",
  question: "buying",
  "buy-now": "buying",
  bulk: "buying",
  quantity: "buying",
  visit: "buying",
  "product-question": "buying",
  urgent: "urgency",
  date: "urgency",
  influencer: "audience",
  audience: "audience",
  verified: "audience",
  "repeat-contact": "relationship",
  engaged: "relationship",
  negative: "negative",
  ghosted: "negative",
  stale: "negative",
  "not-buying": "negative",
};

/**
 * Names up to three signals: the strongest of each kind first ("Asked for pricing, urgent
 * timeline, 12k followers"), then the next strongest. Cold leads lead with what holds them back.
 */
function explain(input: ScoreInput, signals: readonly Signal[], tier: Tier): string {
  const byPoints = (a: Signal, b: Signal) => Math.abs(SIGNAL_POINTS[b.key]) - Math.abs(SIGNAL_POINTS[a.key]);
  const positive = signals.filter((s) => SIGNAL_POINTS[s.key] > 0).sort(byPoints);
  const negative = signals.filter((s) => SIGNAL_POINTS[s.key] < 0).sort(byPoints);
  const ordered = tier === "cold" ? [...negative, ...positive] : [...positive, ...negative];
  const slots = input.intent === "support" ? 2 : 3;

  const chosen: Signal[] = [];
  const kinds = new Set<string>();
  // "Asks to pick up this afternoon" already says when: do not repeat it as "for this afternoon".
  const repeatsTime = (s: Signal) => s.key === "date" && ordered.some((o) => o.key === "visit" && o.label.endsWith(s.label.replace(/^(?:for|at) /u, "")));
  for (const s of ordered) {
    if (repeatsTime(s)) continue;
    if (chosen.length < slots && !kinds.has(SIGNAL_KIND[s.key])) {
      chosen.push(s);
      kinds.add(SIGNAL_KIND[s.key]);
    }
  }
  for (const s of ordered) if (chosen.length < slots && !chosen.includes(s) && !repeatsTime(s)) chosen.push(s);
  chosen.sort((a, b) => ordered.indexOf(a) - ordered.indexOf(b));

  const named = chosen.map((s) => s.label);
  if (input.intent === "support") named.unshift("support request");
  if (named.length === 0) {
    return input.intent === "sales" ? "Sales inquiry without clear buying signals" : "General message, no buying signals";
  }
  const text = named.join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
