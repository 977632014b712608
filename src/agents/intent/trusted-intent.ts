import { classifyIntentLocal } from "./classify-local";
import { INTENTS, type Intent } from "./schema";

/**
 * The intent of a message from a contact a person marked "not spam": never spam. A spam answer
 * falls back to the next most likely intent by the local classifier's calibrated probabilities
 * (its confidence that intent's probability), or "other" when none is above zero.
 */
export function trustedIntent<T extends { intent: Intent; confidence: number }>(text: string, classified: T): T {
  if (classified.intent !== "spam") return classified;
  return { ...classified, ...nextAfterSpam(classifyIntentLocal(text).scores) };
}

export function nextAfterSpam(scores: Record<Intent, number>): { intent: Intent; confidence: number } {
  let best: { intent: Intent; confidence: number } = { intent: "other", confidence: 0 };
  for (const intent of INTENTS) {
    if (intent === "spam") continue;
    const p = scores[intent];
    if (Number.isFinite(p) && p > best.confidence) best = { intent, confidence: p };
  }
  return best.confidence > 0 ? best : { intent: "other", confidence: Number.isFinite(scores.other) ? scores.other : 0 };
}
