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
  /** Spam is always cold and never scores above this. */
  spamMax: 5,
  /** Support requests are existing customers: capped just below hot unless strongly buying. */
  supportCap: 69,
  /** How many of these signals make a support message a strong buying signal. */
  strongBuyingSignals: ["pricing", "purchase", "demo", "plan", "budget", "team-size"] as readonly SignalKey[],
  strongBuyingMin: 2,
  /** Base rule points per intent, scaled by the classifier's confidence (0.5 + 0.5·conf). */
  intentPoints: { sales: 30, support: 10, other: 8, spam: 0 },
} as const;

/** Rule points per signal; also the order in which signals are named in the reason. */
export const SIGNAL_POINTS: Record<SignalKey, number> = {
  pricing: 20,
  demo: 20,
  purchase: 15,
  urgent: 15,
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
};

/**
 * Scores a lead 0-100 and assigns hot/warm/cold: rule points (intent, buying signals,
 * urgency, audience, history) blended with the logistic model's win probability, then the
 * hard rules: spam is cold (<= 5, tagged "spam"); support is tagged "existing-customer" and
 * capped at warm unless it carries a strong buying signal. Deterministic and pure.
 */
export function scoreLead(input: ScoreInput, model: LogisticModel = DEFAULT_SCORER_MODEL): ScoreResult {
  const { named, signals } = extractFeatures(input);
  const policy = SCORING_POLICY;

  if (input.intent === "spam") {
    const score = Math.min(policy.spamMax, Math.round(predictFromNamed(model, named) * 100));
    return { tier: "cold", score, reason: "Classified as spam", tags: ["spam"] };
  }

  // An existing customer who is clearly buying more is scored as a sales lead by the rules.
  const strongBuying =
    signals.filter((s) => policy.strongBuyingSignals.includes(s.key)).length >= policy.strongBuyingMin;
  const ruleIntent = input.intent === "support" && strongBuying ? "sales" : input.intent;
  const confidenceScale = 0.5 + 0.5 * Math.min(1, Math.max(0, input.confidence));
  const rulePoints =
    policy.intentPoints[ruleIntent] * confidenceScale + signals.reduce((sum, s) => sum + SIGNAL_POINTS[s.key], 0);
  const ruleScore = Math.min(100, Math.max(0, rulePoints));
  const probability = predictFromNamed(model, named);
  let score = Math.round((1 - policy.modelWeight) * ruleScore + policy.modelWeight * 100 * probability);

  const tags = signals.flatMap((s) => SIGNAL_TAGS[s.key] ?? []);
  if (input.intent === "support") {
    tags.unshift("support", "existing-customer");
    if (!strongBuying) score = Math.min(score, policy.supportCap);
  }
  score = Math.min(100, Math.max(0, score));

  const tier = tierFor(score);
  return { tier, score, reason: explain(input, signals, tier), tags: [...new Set(tags)] };
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
  urgent: "urgency",
  influencer: "audience",
  audience: "audience",
  verified: "audience",
  "repeat-contact": "relationship",
  engaged: "relationship",
  negative: "negative",
  ghosted: "negative",
  stale: "negative",
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
  for (const s of ordered) {
    if (chosen.length < slots && !kinds.has(SIGNAL_KIND[s.key])) {
      chosen.push(s);
      kinds.add(SIGNAL_KIND[s.key]);
    }
  }
  for (const s of ordered) if (chosen.length < slots && !chosen.includes(s)) chosen.push(s);
  chosen.sort((a, b) => ordered.indexOf(a) - ordered.indexOf(b));

  const named = chosen.map((s) => s.label);
  if (input.intent === "support") named.unshift("support request");
  if (named.length === 0) {
    return input.intent === "sales" ? "Sales inquiry without clear buying signals" : "General message, no buying signals";
  }
  const text = named.join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
