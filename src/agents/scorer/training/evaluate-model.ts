/** Held-out metrics for a binary classifier's probabilities. */
export type ModelMetrics = { n: number; auc: number; accuracy: number; logLoss: number };

export function evaluatePredictions(probabilities: readonly number[], labels: readonly (0 | 1)[]): ModelMetrics {
  const n = labels.length;
  let correct = 0;
  let logLoss = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, probabilities[i] ?? 0.5));
    const y = labels[i] ?? 0;
    if ((p >= 0.5 ? 1 : 0) === y) correct++;
    logLoss -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
  }
  return { n, auc: rocAuc(probabilities, labels), accuracy: n ? correct / n : 0, logLoss: n ? logLoss / n : 0 };
}

/** ROC AUC as the Mann-Whitney U statistic, ties counted half. NaN without both classes. */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((s, i) => ({ s, y: labels[i] ?? 0 })).sort((a, b) => a.s - b.s);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]?.s === order[i]?.s) j++;
    const averageRank = (i + 1 + j) / 2; // 1-based ranks i+1..j
    for (let k = i; k < j; k++) {
      if (order[k]?.y === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
