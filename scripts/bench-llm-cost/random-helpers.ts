/** Draws from a seeded uniform source (src/agents/seeded-random.ts). */
export type Random = () => number;

export function randInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[Math.floor(random() * items.length)] as T;
}

/** Index i drawn with weight 1 / (i + 1): a few items are common, the rest a long tail. */
export function pickZipf<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  const weights = items.map((_, i) => 1 / (i + 1));
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (const [i, w] of weights.entries()) {
    r -= w;
    if (r < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

/** An exponential draw with the given mean (gaps between a person's messages). */
export function exponential(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
