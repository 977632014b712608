import { softmax } from "../softmax-regression";

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
