/** A record the CRM rejected this many times is DEAD: no more automatic retries, an admin may retry it. */
export const MAX_RECORD_ATTEMPTS = 8;

const MINUTE = 60_000;

/**
 * Wait before retrying a rejected record after its `attempts`-th failure: 1, 2, 4 ... minutes,
 * at most 6 hours. Deterministic, so a run's effect can be reasoned about (and tested); the sync's
 * own schedule already spreads connections apart.
 */
export function recordBackoffMs(attempts: number): number {
  return Math.min(6 * 60 * MINUTE, MINUTE * 2 ** Math.max(0, attempts - 1));
}

/**
 * Wait before the next run of a connection whose CRM is unavailable: as long as it has been
 * failing, between 1 and 30 minutes (so 1, 1, 2, 4, 8 ... minutes: exponential without a counter).
 */
export function connectionBackoffMs(failingSince: Date | null, now: Date): number {
  const failingFor = failingSince ? now.getTime() - failingSince.getTime() : 0;
  return Math.min(30 * MINUTE, Math.max(MINUTE, failingFor));
}

/** Wait after a configuration error (a missing property): an admin must act, so no tight retry loop. */
export const CONFIG_ERROR_BACKOFF_MS = 60 * MINUTE;
