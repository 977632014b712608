import { z } from "zod";
import { HASH_BITS } from "./featurize";
import { INTENTS } from "./schema";

/**
 * The on-disk model: pruned hashed buckets (sorted, uint32 LE) and their per-class weights
 * (int16 LE, times weightScale), both base64 so the JSON stays small and cheap to type-check.
 */
export const modelArtifactSchema = z.object({
  format: z.literal("leadline-intent-softmax"),
  version: z.literal(1),
  labels: z.tuple([z.literal(INTENTS[0]), z.literal(INTENTS[1]), z.literal(INTENTS[2]), z.literal(INTENTS[3])]),
  hashBits: z.literal(HASH_BITS),
  temperature: z.number().positive(),
  /** Spam only when its probability reaches this; below, the likeliest genuine class (0: plain argmax). */
  spamThreshold: z.number().min(0).max(1).optional(),
  bias: z.array(z.number()).length(INTENTS.length),
  weightScale: z.number().positive(),
  bucketCount: z.number().int().nonnegative(),
  buckets: z.string(),
  weights: z.string(),
});
export type ModelArtifact = z.infer<typeof modelArtifactSchema>;

/** A decoded model ready for scoring: rowOf[bucket] is 1 + the bucket's row, or 0 if pruned. */
export type LoadedModel = {
  temperature: number;
  spamThreshold: number;
  bias: Float64Array;
  rowOf: Int32Array;
  weights: Float32Array;
};

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Quantises weights of the kept buckets to int16 with one shared scale. */
export function encodeArtifact(input: {
  temperature: number;
  spamThreshold?: number;
  bias: ArrayLike<number>;
  buckets: readonly number[];
  weightsOf: (bucket: number, label: number) => number;
}): ModelArtifact {
  const k = INTENTS.length;
  let maxAbs = 1e-9;
  for (const bucket of input.buckets) {
    for (let c = 0; c < k; c++) maxAbs = Math.max(maxAbs, Math.abs(input.weightsOf(bucket, c)));
  }
  const weightScale = maxAbs / 32767;
  const bucketView = new DataView(new ArrayBuffer(input.buckets.length * 4));
  const weightView = new DataView(new ArrayBuffer(input.buckets.length * k * 2));
  input.buckets.forEach((bucket, row) => {
    bucketView.setUint32(row * 4, bucket, true);
    for (let c = 0; c < k; c++) {
      weightView.setInt16((row * k + c) * 2, Math.round(input.weightsOf(bucket, c) / weightScale), true);
    }
  });
  return {
    format: "leadline-intent-softmax",
    version: 1,
    labels: [...INTENTS],
    hashBits: HASH_BITS,
    temperature: Number(input.temperature.toPrecision(6)),
    ...(input.spamThreshold ? { spamThreshold: Number(input.spamThreshold.toPrecision(4)) } : {}),
    bias: Array.from(input.bias, (b) => Number(b.toPrecision(8))),
    weightScale: Number(weightScale.toPrecision(8)),
    bucketCount: input.buckets.length,
    buckets: toBase64(new Uint8Array(bucketView.buffer)),
    weights: toBase64(new Uint8Array(weightView.buffer)),
  };
}

export function decodeArtifact(artifact: ModelArtifact): LoadedModel {
  const k = INTENTS.length;
  const bucketBytes = fromBase64(artifact.buckets);
  const weightBytes = fromBase64(artifact.weights);
  if (bucketBytes.length !== artifact.bucketCount * 4 || weightBytes.length !== artifact.bucketCount * k * 2) {
    throw new Error("intent model artifact is corrupt: bucket and weight sizes disagree");
  }
  const bucketView = new DataView(bucketBytes.buffer);
  const weightView = new DataView(weightBytes.buffer);
  const rowOf = new Int32Array(1 << artifact.hashBits);
  const weights = new Float32Array(artifact.bucketCount * k);
  for (let row = 0; row < artifact.bucketCount; row++) {
    rowOf[bucketView.getUint32(row * 4, true)] = row + 1;
    for (let c = 0; c < k; c++) weights[row * k + c] = weightView.getInt16((row * k + c) * 2, true) * artifact.weightScale;
  }
  return { temperature: artifact.temperature, spamThreshold: artifact.spamThreshold ?? 0, bias: Float64Array.from(artifact.bias), rowOf, weights };
}
