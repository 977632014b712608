const count = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/** 0.923 -> "92%". */
export function formatPercent(fraction: number): string {
  // A calibrated probability short of certainty never reads as "100%" (0.996 -> "99%").
  const percent = Math.round(fraction * 100);
  return `${fraction < 1 ? Math.min(99, percent) : percent}%`;
}

/** 12_400 -> "12.4K". */
export function formatCount(value: number): string {
  return count.format(value);
}

/** AI costs are fractions of a cent: three significant digits, "$0" for free (local) runs. */
export function formatCost(usd: number): string {
  if (usd === 0) return "$0";
  if (usd >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${usd.toPrecision(3).replace(/0+$/, "")}`;
}
