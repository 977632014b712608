import artifact from "./model/intent-model.json";
import { decodeArtifact, modelArtifactSchema } from "./model-artifact";
import { predictIntent } from "./predict-intent";
import type { IntentResult } from "./schema";

/** Decoded once, on first import; a malformed artifact fails loudly here rather than per call. */
const model = decodeArtifact(modelArtifactSchema.parse(artifact));

/**
 * Classifies one customer message in-process (no network, no API key). Empty or unreadable
 * input comes back as "other" with confidence 0.25; it never throws.
 */
export function classifyIntentLocal(text: string): IntentResult {
  return predictIntent(model, text);
}
