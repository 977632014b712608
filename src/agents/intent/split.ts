/** Seeded randomness and stratified splitting, so every training run sees the same split. */

export type Rng = () => number;

/** mulberry32: small, fast, good enough for shuffling. Returns floats in [0, 1). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
