import { INTENTS, type Intent } from "../schema";

export type ClassMetrics = { precision: number; recall: number; f1: number; support: number };

export type IntentMetrics = {
  count: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<Intent, ClassMetrics>;
  /** confusion[gold][predicted] = count. */
  confusion: Record<Intent, Record<Intent, number>>;
  /** Share of genuine (gold non-spam) messages that were predicted spam: lost customers. */
  genuineFlaggedAsSpam: number;
};

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

function emptyRow(): Record<Intent, number> {
  return { sales: 0, support: 0, spam: 0, other: 0 };
}

/**
 * Classification metrics for the four intents. A class absent from both gold and predictions
 * gets P = R = F1 = 0 and still counts in the macro average, so a run missing a class shows it.
 */
export function computeMetrics(gold: readonly Intent[], pred: readonly Intent[]): IntentMetrics {
  if (gold.length !== pred.length) {
    throw new Error(`computeMetrics: ${gold.length} gold labels but ${pred.length} predictions`);
  }
  const confusion = {
    sales: emptyRow(), support: emptyRow(), spam: emptyRow(), other: emptyRow(),
  } satisfies Record<Intent, Record<Intent, number>>;
  gold.forEach((g, i) => {
    const p = pred[i] as Intent;
    confusion[g][p] += 1;
  });
  const perClass = {} as Record<Intent, ClassMetrics>;
  for (const c of INTENTS) {
    const tp = confusion[c][c];
    const goldCount = INTENTS.reduce((sum, p) => sum + confusion[c][p], 0);
    const predCount = INTENTS.reduce((sum, g) => sum + confusion[g][c], 0);
    const precision = ratio(tp, predCount);
    const recall = ratio(tp, goldCount);
    perClass[c] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support: goldCount };
  }
  const correct = INTENTS.reduce((sum, c) => sum + confusion[c][c], 0);
  const genuine = gold.length - perClass.spam.support;
  const genuineAsSpam = INTENTS.filter((c) => c !== "spam").reduce((sum, g) => sum + confusion[g].spam, 0);
  return {
    count: gold.length,
    accuracy: ratio(correct, gold.length),
    macroF1: INTENTS.reduce((sum, c) => sum + perClass[c].f1, 0) / INTENTS.length,
    perClass,
    confusion,
    genuineFlaggedAsSpam: ratio(genuineAsSpam, genuine),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7);
const cell = (x: number | string, width = 8) => String(x).padStart(width);

/** A plain-text report: headline figures, per-class table and confusion matrix. */
export function formatMetrics(metrics: IntentMetrics, title = "intent metrics"): string {
  const lines = [
    `${title} (n=${metrics.count})`,
    `  accuracy ${pct(metrics.accuracy)}   macro-F1 ${pct(metrics.macroF1)}   genuine flagged as spam ${pct(metrics.genuineFlaggedAsSpam)}`,
    "",
    `  ${"class".padEnd(8)} ${"precision".padStart(9)} ${"recall".padStart(7)} ${"F1".padStart(7)} ${"support".padStart(8)}`,
    ...INTENTS.map((c) => {
      const m = metrics.perClass[c];
      return `  ${c.padEnd(8)} ${pct(m.precision).padStart(9)} ${pct(m.recall)} ${pct(m.f1)} ${cell(m.support)}`;
    }),
    "",
    `  confusion (rows gold, columns predicted)`,
    `  ${"".padEnd(8)}${INTENTS.map((c) => cell(c)).join("")}`,
    ...INTENTS.map((g) => `  ${g.padEnd(8)}${INTENTS.map((p) => cell(metrics.confusion[g][p])).join("")}`),
  ];
  return lines.join("\n");
}
