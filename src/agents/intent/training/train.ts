/**
 * Trains the local intent model: `npx tsx src/agents/intent/training/train.ts [--pool path/to/train.jsonl]`.
 * Deterministic: same data and seed give byte-identical model/intent-model.json and model/metrics.json.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { chooseSpamThreshold, expectedCalibrationError, fitTemperature } from "./calibrate";
import { HASH_BITS } from "../featurize";
import { DEFAULT_FIT_OPTIONS, fitIntentModel, type FeaturizedRow } from "./fit-intent-model";
import { DEFAULT_POOL_PATH } from "./load-training-data";
import { computeMetrics, formatMetrics } from "./metrics";
import { decodeArtifact, encodeArtifact, type LoadedModel } from "../model-artifact";
import { predictIntent } from "../predict-intent";
import { INTENTS } from "../schema";
import { computeLogits } from "../softmax-regression";
import { stratifiedSplit } from "./split";
import { HELD_OUT_FRACTION, splitTrainingData } from "./held-out";

const SEED = DEFAULT_FIT_OPTIONS.seed;
/** Of what is left after the held-out split; used only to fit the temperature. */
const VALIDATION_FRACTION = 0.1;
/** Buckets whose largest |weight| is below this are pruned from the artifact. */
const PRUNE_BELOW = 0.02;

const MODEL_PATH = new URL("../model/intent-model.json", import.meta.url);
const METRICS_PATH = new URL("../model/metrics.json", import.meta.url);

const round = (x: number) => Number(x.toFixed(4));
const roundDeep = (value: unknown): unknown =>
  typeof value === "number" ? round(value)
  : Array.isArray(value) ? value.map(roundDeep)
  : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)]))
  : value;

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

function main(): void {
  const { values } = parseArgs({ options: { pool: { type: "string" } } });
  const started = Date.now();
  const { rest, heldOut, duplicatesDropped } = splitTrainingData(values.pool ?? DEFAULT_POOL_PATH);
  const data = [...rest, ...heldOut];
  const stratum = (r: FeaturizedRow) => `${r.domain}:${r.label}`;
  const [train, validation] = stratifiedSplit(rest, stratum, VALIDATION_FRACTION, SEED + 1);

  const { model, keep } = fitIntentModel(train);
  const validationLogits = validation.map((r) => computeLogits(model, r.x));
  // Social rows are weighted as in training, so confidence is calibrated for what users send.
  const validationWeights = validation.map((r) => (r.domain === "social" ? DEFAULT_FIT_OPTIONS.socialWeight : 1));
  const temperature = fitTemperature(validationLogits, validation.map((r) => r.label), validationWeights);

  const k = INTENTS.length;
  const buckets = [...keep.keys()].filter((b) => {
    if (keep[b] !== 1) return false;
    for (let c = 0; c < k; c++) if (Math.abs(model.weights[b * k + c] ?? 0) >= PRUNE_BELOW) return true;
    return false;
  });
  const weightsOf = (b: number, c: number) => model.weights[b * k + c] ?? 0;
  // The spam threshold is chosen on the validation split, scored as the shipped artifact scores.
  const provisional = decodeArtifact(encodeArtifact({ temperature, bias: model.bias, buckets, weightsOf }));
  const spamThreshold = chooseSpamThreshold(validation.map((r) => INTENTS.map((c) => predictIntent(provisional, r.text).scores[c])), validation.map((r) => r.label));
  const artifact = encodeArtifact({ temperature, spamThreshold, bias: model.bias, buckets, weightsOf });
  const shipped = decodeArtifact(artifact);

  // Everything below scores the shipped (quantised) artifact exactly as classifyIntentLocal does.
  const uncalibrated = { ...shipped, temperature: 1 };
  const gold = (rs: readonly FeaturizedRow[]) => rs.map((r) => r.label);
  const ece = (rs: readonly FeaturizedRow[], model: LoadedModel) =>
    expectedCalibrationError(rs.map((r) => INTENTS.map((c) => predictIntent(model, r.text).scores[c])), gold(rs));
  const evaluate = (rs: readonly FeaturizedRow[]) => ({
    ...computeMetrics(rs.map((r) => INTENTS[r.label] ?? "other"), rs.map((r) => predictIntent(shipped, r.text).intent)),
    ece: ece(rs, shipped),
  });
  const slices = {
    overall: heldOut,
    social: heldOut.filter((r) => r.domain === "social"),
    pool: heldOut.filter((r) => r.domain !== "social"),
  };
  const results = Object.fromEntries(Object.entries(slices).map(([name, rs]) => [name, evaluate(rs)]));
  const calibration = {
    temperature,
    spamThreshold,
    eceValidationBefore: ece(validation, uncalibrated),
    eceValidationAfter: ece(validation, shipped),
    eceHeldOutBefore: ece(heldOut, uncalibrated),
    eceHeldOutAfter: ece(heldOut, shipped),
  };

  const modelJson = `${JSON.stringify(artifact)}\n`;
  writeFileSync(MODEL_PATH, modelJson);
  const metrics = {
    note: "Held-out rows were never used for training, feature selection or calibration. Figures come from the shipped (quantised) artifact.",
    seed: SEED,
    split: { heldOutFraction: HELD_OUT_FRACTION, validationFraction: VALIDATION_FRACTION, stratifiedOn: "domain:label" },
    hyperparameters: { ...DEFAULT_FIT_OPTIONS, hashBits: HASH_BITS, pruneBelow: PRUNE_BELOW },
    counts: {
      rows: data.length,
      duplicatesDropped,
      train: train.length,
      validation: validation.length,
      heldOut: heldOut.length,
      byDomainAndLabel: countBy(data, (r) => `${r.domain}:${INTENTS[r.label]}`),
    },
    calibration: roundDeep(calibration),
    heldOut: roundDeep(results),
    artifact: { buckets: buckets.length, bytes: Buffer.byteLength(modelJson) },
  };
  writeFileSync(METRICS_PATH, `${JSON.stringify(metrics, null, 2)}\n`);

  for (const [name, m] of Object.entries(results)) {
    console.log(`${formatMetrics(m, `held-out: ${name}`)}\n  expected calibration error ${m.ece.toFixed(4)}\n`);
  }
  console.log(
    `temperature ${temperature.toFixed(3)}; spam threshold ${spamThreshold.toFixed(2)}; ECE held-out ${calibration.eceHeldOutBefore.toFixed(4)} -> ${calibration.eceHeldOutAfter.toFixed(4)}` +
      ` (validation ${calibration.eceValidationBefore.toFixed(4)} -> ${calibration.eceValidationAfter.toFixed(4)})`,
  );
  console.log(`rows ${data.length} (train ${train.length}, validation ${validation.length}, held-out ${heldOut.length}); ${duplicatesDropped} duplicates dropped`);
  console.log(`artifact ${buckets.length} buckets, ${(Buffer.byteLength(modelJson) / 1024).toFixed(0)} KiB; ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
