/** Upper bound for one wait, so a retry never sleeps longer than a fresh attempt would take. */
export const MAX_BACKOFF_MS = 8_000;

/**
 * Exponential backoff with "equal jitter": retry n waits between step/2 and step, where
 * step = baseMs * 2^n (capped), so retries from many workers spread out yet never collapse to
 * zero. `random` is injectable for deterministic tests.
 */
export function backoffDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** attempt);
  return Math.round(step / 2 + (step / 2) * random());
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
