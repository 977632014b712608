/**
 * The theoretical minimum a sync of N leads costs under a CRM's batch size and rate limit, and
 * how a run compares with it. Pure: the benchmark feeds it the fakes' counts.
 */

export type RateLimit = { requests: number; perMs: number };

/** What one CRM's sync must do at least, in calls. */
export type CallPlan = {
  leads: number;
  /** Records per upsert call. */
  upsertBatch: number;
  /** Notes per note step, and the calls one note step takes (Salesforce: find Leadline's Tasks, then create). */
  noteBatch: number;
  callsPerNoteStep: number;
  /** Calls that do not scale with the leads (prepare: properties, describe). */
  fixed: number;
};

export type Minimum = { upserts: number; notes: number; fixed: number; calls: number; durationMs: number };

export function minimumOf(plan: CallPlan, limit: RateLimit): Minimum {
  const upserts = Math.ceil(plan.leads / plan.upsertBatch);
  const notes = Math.ceil(plan.leads / plan.noteBatch) * plan.callsPerNoteStep;
  const calls = upserts + notes + plan.fixed;
  return { upserts, notes, fixed: plan.fixed, calls, durationMs: minimumDurationMs(calls, limit) };
}

/**
 * When the last of `calls` can start under a rolling window of `requests` per `perMs`: the first
 * `requests` may start at once, and each further `requests` one window later. (Dividing calls by
 * the average rate would ignore that first burst and overstate the minimum of a short sync.)
 */
export function minimumDurationMs(calls: number, limit: RateLimit): number {
  if (calls <= 0) return 0;
  return Math.floor((calls - 1) / limit.requests) * limit.perMs;
}

/** actual / minimum; Infinity when the minimum is 0 but something happened. */
export function ratio(actual: number, minimum: number): number {
  if (minimum <= 0) return actual <= 0 ? 1 : Number.POSITIVE_INFINITY;
  return actual / minimum;
}

/** Keys held once, missing and held more than once, from every record key the CRM holds. */
export function presence(expected: readonly string[], held: readonly string[]): { once: number; missing: number; duplicated: number; foreign: number } {
  const counts = new Map<string, number>();
  for (const key of held) counts.set(key, (counts.get(key) ?? 0) + 1);
  const wanted = new Set(expected);
  let once = 0;
  let missing = 0;
  let duplicated = 0;
  for (const key of wanted) {
    const n = counts.get(key) ?? 0;
    if (n === 0) missing += 1;
    else if (n === 1) once += 1;
    else duplicated += 1;
  }
  const foreign = [...counts.keys()].filter((k) => !wanted.has(k)).length;
  return { once, missing, duplicated, foreign };
}
