import { TIERS, type Tier } from "../types";

export type TierAgreement = {
  count: number;
  /** Share of rows where the scorer's tier equals the salesperson's. */
  agreement: number;
  /** confusion[gold][predicted] = count. */
  confusion: Record<Tier, Record<Tier, number>>;
  /** Hot called cold plus cold called hot: the errors a salesperson cannot live with. */
  hotCold: number;
  /** Recall per gold tier (share of that tier the scorer got right); 0 when the tier is absent. */
  recall: Record<Tier, number>;
};

const emptyRow = (): Record<Tier, number> => ({ hot: 0, warm: 0, cold: 0 });
const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);

/** Agreement between a salesperson's tiers (gold) and the scorer's (predicted), index by index. */
export function computeTierAgreement(gold: readonly Tier[], predicted: readonly Tier[]): TierAgreement {
  if (gold.length !== predicted.length) {
    throw new Error(`computeTierAgreement: ${gold.length} gold tiers but ${predicted.length} predictions`);
  }
  const confusion = { hot: emptyRow(), warm: emptyRow(), cold: emptyRow() };
  gold.forEach((g, i) => {
    confusion[g][predicted[i] as Tier] += 1;
  });
  const correct = TIERS.reduce((sum, t) => sum + confusion[t][t], 0);
  const rowTotal = (t: Tier) => TIERS.reduce((sum, p) => sum + confusion[t][p], 0);
  return {
    count: gold.length,
    agreement: ratio(correct, gold.length),
    confusion,
    hotCold: confusion.hot.cold + confusion.cold.hot,
    recall: { hot: ratio(confusion.hot.hot, rowTotal("hot")), warm: ratio(confusion.warm.warm, rowTotal("warm")), cold: ratio(confusion.cold.cold, rowTotal("cold")) },
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const cell = (x: number | string) => String(x).padStart(7);

/** Headline figures and the 3x3 confusion matrix as plain text. */
export function formatTierAgreement(metrics: TierAgreement, title: string): string {
  const correct = TIERS.reduce((sum, t) => sum + metrics.confusion[t][t], 0);
  return [
    `${title} (n=${metrics.count})`,
    `  agreement ${pct(metrics.agreement)} (${correct}/${metrics.count})   hot<->cold ${metrics.hotCold}` +
      `   recall hot ${pct(metrics.recall.hot)} warm ${pct(metrics.recall.warm)} cold ${pct(metrics.recall.cold)}`,
    "",
    "  confusion (rows salesperson, columns scorer)",
    `  ${"".padEnd(6)}${TIERS.map(cell).join("")}`,
    ...TIERS.map((g) => `  ${g.padEnd(6)}${TIERS.map((p) => cell(metrics.confusion[g][p])).join("")}`),
  ].join("\n");
}
