import { decide } from "../predict-intent";
import { INTENTS } from "../schema";
import { softmax } from "../softmax-regression";
import { computeMetrics } from "./metrics";

/** (Weighted) mean negative log-likelihood of the true labels at a given temperature. */
export function negativeLogLikelihood(
  logits: readonly ArrayLike<number>[],
  labels: readonly number[],
  temperature: number,
  weights?: readonly number[],
): number {
  let total = 0;
  let weightSum = 0;
  logits.forEach((row, i) => {
    const p = softmax(row, temperature)[labels[i] ?? 0] ?? 0;
    const w = weights?.[i] ?? 1;
    total -= w * Math.log(Math.max(p, 1e-12));
    weightSum += w;
  });
  return total / Math.max(1e-12, weightSum);
}

/**
 * Temperature scaling (Guo et al., 2017): the one scalar T that minimises validation NLL of
 * softmax(logits / T). Golden-section search on log T in [1/20, 20]; NLL is unimodal in T.
 * Optional per-row weights let one kind of row (e.g. social messages) count for more.
 */
export function fitTemperature(
  logits: readonly ArrayLike<number>[],
  labels: readonly number[],
  weights?: readonly number[],
): number {
  const nll = (logT: number) => negativeLogLikelihood(logits, labels, Math.exp(logT), weights);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [lo, hi] = [Math.log(1 / 20), Math.log(20)];
  for (let i = 0; i < 80; i++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (nll(a) < nll(b)) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Expected calibration error over equal-width confidence bins: the sample-weighted mean gap
 * between a bin's accuracy and its mean top-class confidence.
 */
export function expectedCalibrationError(
  probabilities: readonly number[][],
  labels: readonly number[],
  bins = 15,
): number {
  const count = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  const confidence = new Array<number>(bins).fill(0);
  probabilities.forEach((probs, i) => {
    const top = probs.reduce((best, p, c) => (p > (probs[best] ?? -1) ? c : best), 0);
    const conf = probs[top] ?? 0;
    const bin = Math.min(bins - 1, Math.floor(conf * bins));
    count[bin] = (count[bin] ?? 0) + 1;
    correct[bin] = (correct[bin] ?? 0) + (top === labels[i] ? 1 : 0);
    confidence[bin] = (confidence[bin] ?? 0) + conf;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const n = count[b] ?? 0;
    if (n > 0) ece += (n / probabilities.length) * Math.abs((correct[b] ?? 0) / n - (confidence[b] ?? 0) / n);
  }
  return ece;
}

/** Genuine messages called spam that the spam threshold may leave, at most (validation split). */
export const MAX_GENUINE_AS_SPAM = 0.01;
const SPAM_THRESHOLDS = Array.from({ length: 15 }, (_, i) => Number((0.25 + 0.05 * i).toFixed(2))); // 0.25 .. 0.95

/**
 * The spam threshold (predict-intent.ts `decide`): of the thresholds that call at most
 * MAX_GENUINE_AS_SPAM of the genuine validation messages spam, the one with the best macro-F1;
 * the strictest when none does. Chosen on the validation split, never on held-out or dev data.
 */
export function chooseSpamThreshold(probs: readonly ArrayLike<number>[], labels: readonly number[]): number {
  const gold = labels.map((l) => INTENTS[l] ?? "other");
  const scored = SPAM_THRESHOLDS.map((threshold) => ({ threshold, metrics: computeMetrics(gold, probs.map((p) => decide(p, threshold).intent)) }));
  const allowed = scored.filter((s) => s.metrics.genuineFlaggedAsSpam <= MAX_GENUINE_AS_SPAM);
  if (allowed.length === 0) return SPAM_THRESHOLDS.at(-1)!;
  return allowed.reduce((best, s) => (s.metrics.macroF1 > best.metrics.macroF1 ? s : best)).threshold;
}
