import { featurize, HASH_BITS, type SparseVector } from "../featurize";
import type { TrainingRow } from "./load-training-data";
import { INTENTS } from "../schema";
import { trainSoftmax, type SoftmaxModel, type TrainingExample, type TrainOptions } from "../softmax-regression";

export type FitOptions = TrainOptions & {
  /** Hashed features seen in fewer training rows than this are dropped (and never shipped). */
  minDocFrequency: number;
  /** Social rows are what real users send; each counts this many times a pool row. */
  socialWeight: number;
};

export const DEFAULT_FIT_OPTIONS: FitOptions = {
  epochs: 12,
  learningRate: 0.02,
  l2: 1e-5,
  batchSize: 16,
  seed: 20240611,
  minDocFrequency: 2,
  socialWeight: 6,
};

export type FeaturizedRow = TrainingRow & { x: SparseVector };

export function featurizeRows(rows: readonly TrainingRow[]): FeaturizedRow[] {
  return rows.map((r) => ({ ...r, x: featurize(r.normalised) }));
}

function frequentFeatures(rows: readonly FeaturizedRow[], minDocFrequency: number): Uint8Array {
  const df = new Uint16Array(1 << HASH_BITS);
  for (const row of rows) for (const i of row.x.indices) df[i] = Math.min(65535, (df[i] ?? 0) + 1);
  return Uint8Array.from(df, (n) => (n >= minDocFrequency ? 1 : 0));
}

function restrict(x: SparseVector, keep: Uint8Array): SparseVector {
  const kept = [...x.indices.keys()].filter((j) => keep[x.indices[j] ?? 0] === 1);
  return { indices: Int32Array.from(kept, (j) => x.indices[j] ?? 0), values: Float32Array.from(kept, (j) => x.values[j] ?? 0) };
}

/**
 * Fits the softmax model on rare-feature-filtered vectors, with balanced class weights times
 * the social boost (rescaled to mean 1). Returns the model and the mask of features it may use.
 */
export function fitIntentModel(rows: readonly FeaturizedRow[], options: FitOptions = DEFAULT_FIT_OPTIONS): {
  model: SoftmaxModel;
  keep: Uint8Array;
} {
  const keep = frequentFeatures(rows, options.minDocFrequency);
  const perClass = INTENTS.map((_, c) => rows.filter((r) => r.label === c).length);
  const raw = rows.map(
    (r) => (rows.length / (INTENTS.length * (perClass[r.label] ?? 1))) * (r.domain === "social" ? options.socialWeight : 1),
  );
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  const examples: TrainingExample[] = rows.map((r, i) => ({ x: restrict(r.x, keep), label: r.label, weight: (raw[i] ?? 1) / mean }));
  return { model: trainSoftmax(examples, 1 << HASH_BITS, INTENTS.length, options), keep };
}
