import { featurize } from "./featurize";
import type { LoadedModel } from "./model-artifact";
import { normaliseText } from "./normalise-text";
import { INTENTS, type Intent, type IntentResult } from "./schema";
import { softmax } from "./softmax-regression";

/** What an empty message gets: "other", with every class equally (un)likely. */
const UNSURE: IntentResult = {
  intent: "other",
  confidence: 0.25,
  scores: { sales: 0.25, support: 0.25, spam: 0.25, other: 0.25 },
};

/** Scores one message with a decoded model; calibrated by the model's temperature. */
export function predictIntent(model: LoadedModel, text: string): IntentResult {
  const normalised = normaliseText(text);
  if (normalised === "") return { ...UNSURE, scores: { ...UNSURE.scores } };
  const x = featurize(normalised);
  const k = INTENTS.length;
  const logits = Float64Array.from(model.bias);
  for (let i = 0; i < x.indices.length; i++) {
    const row = model.rowOf[x.indices[i] ?? 0] ?? 0;
    if (row === 0) continue;
    const base = (row - 1) * k;
    const value = x.values[i] ?? 0;
    for (let c = 0; c < k; c++) logits[c] = (logits[c] ?? 0) + (model.weights[base + c] ?? 0) * value;
  }
  const probs = softmax(logits, model.temperature);
  return decide(probs, model.spamThreshold);
}

const SPAM = INTENTS.indexOf("spam");

/**
 * The likeliest intent, except that spam must reach its own threshold: calling a customer spam
 * hides them, so a message the model only leans towards spam goes to its likeliest genuine class.
 */
export function decide(probs: ArrayLike<number>, spamThreshold: number): IntentResult {
  const k = INTENTS.length;
  let best = -1;
  for (let c = 0; c < k; c++) {
    if (c === SPAM && (probs[c] ?? 0) < spamThreshold) continue;
    if (best < 0 || (probs[c] ?? 0) > (probs[best] ?? 0)) best = c;
  }
  const scores = Object.fromEntries(INTENTS.map((intent, c) => [intent, probs[c] ?? 0])) as Record<Intent, number>;
  return { intent: INTENTS[best] ?? "other", confidence: probs[best] ?? 0, scores };
}
