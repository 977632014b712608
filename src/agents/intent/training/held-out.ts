import { DEFAULT_FIT_OPTIONS, featurizeRows, type FeaturizedRow } from "./fit-intent-model";
import { DEFAULT_POOL_PATH, loadTrainingData } from "./load-training-data";
import { INTENTS, type LabelledText } from "../schema";
import { stratifiedSplit } from "./split";

export const HELD_OUT_SEED = DEFAULT_FIT_OPTIONS.seed;
export const HELD_OUT_FRACTION = 0.15;

const stratum = (r: FeaturizedRow) => `${r.domain}:${r.label}`;

/** The same deterministic split train.ts uses: [rest, heldOut]. */
export function splitTrainingData(poolPath: URL | string = DEFAULT_POOL_PATH) {
  const { rows, duplicatesDropped } = loadTrainingData(poolPath);
  const [rest, heldOut] = stratifiedSplit(featurizeRows(rows), stratum, HELD_OUT_FRACTION, HELD_OUT_SEED);
  return { rest, heldOut, duplicatesDropped };
}

/** The held-out rows as labelled texts, overall and the social-register slice. */
export function heldOutTexts(poolPath?: URL | string): { overall: LabelledText[]; social: LabelledText[] } {
  const { heldOut } = splitTrainingData(poolPath);
  const toText = (r: FeaturizedRow): LabelledText => ({ text: r.text, label: INTENTS[r.label]! });
  return { overall: heldOut.map(toText), social: heldOut.filter((r) => r.domain === "social").map(toText) };
}
