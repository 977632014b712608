/** Seeded randomness and stratified splitting, so every training run sees the same split. */

import { seededRandom } from "../../seeded-random";

export type Rng = () => number;

/** The agents' one seeded PRNG (mulberry32), shared with the scorer's synthetic data. */
export const createRng: (seed: number) => Rng = seededRandom;

export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
}

/**
 * Splits items into [rest, held] with `fraction` of each stratum (rounded) held out.
 * Strata are visited in sorted key order and shuffled with one seeded generator.
 */
export function stratifiedSplit<T>(
  items: readonly T[],
  stratumOf: (item: T) => string,
  fraction: number,
  seed: number,
): [rest: T[], held: T[]] {
  const strata = new Map<string, T[]>();
  for (const item of items) {
    const key = stratumOf(item);
    const bucket = strata.get(key) ?? [];
    bucket.push(item);
    strata.set(key, bucket);
  }
  const rng = createRng(seed);
  const rest: T[] = [];
  const held: T[] = [];
  for (const key of [...strata.keys()].sort()) {
    const bucket = shuffleInPlace([...(strata.get(key) ?? [])], rng);
    const heldCount = Math.round(bucket.length * fraction);
    held.push(...bucket.slice(0, heldCount));
    rest.push(...bucket.slice(heldCount));
  }
  return [rest, held];
}
