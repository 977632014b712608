/**
 * The org's daily API allocation as Salesforce reports it on every REST answer:
 * `Sforce-Limit-Info: api-usage=18/15000` (optionally `; per-app-api-usage=17/250(appName=x)`).
 * The window is a rolling 24 h with no reset header, so the last figure seen per org is kept
 * here: a connector refuses to spend the last few requests (the customer's other integrations
 * share the allocation) and the engine can read `salesforceApiUsage()` to slow down.
 */
export type ApiUsage = { used: number; max: number; seenAt: number };

/** When the allocation is spent: wait this long, then let one request probe it (the window rolls). */
export const DAILY_RETRY_MS = 60 * 60 * 1000;

export function parseLimitInfo(header: string | null): { used: number; max: number } | null {
  if (!header) return null;
  const match = /(?:^|[;\s])api-usage=(\d+)\/(\d+)/.exec(header);
  if (!match) return null;
  const used = Number(match[1]);
  const max = Number(match[2]);
  return Number.isSafeInteger(used) && Number.isSafeInteger(max) && max > 0 ? { used, max } : null;
}

const usageByOrg = new Map<string, ApiUsage>();
/** Requests started (or waiting to start) and not answered yet, per org: the last figure does not count them. */
const pendingByOrg = new Map<string, number>();

export function recordApiUsage(org: string, header: string | null, now = Date.now()): ApiUsage | null {
  const parsed = parseLimitInfo(header);
  if (!parsed) return null;
  const usage = { ...parsed, seenAt: now };
  usageByOrg.set(org, usage);
  return usage;
}

/** The last figure seen for this org (keyed by instance URL), null before the first call. */
export function salesforceApiUsage(org: string): ApiUsage | null {
  return usageByOrg.get(org) ?? null;
}

/**
 * Milliseconds to wait before spending another request, or 0 to go ahead. Requests still pending
 * count as spent (a run keeps several in flight, and each may be the one that reaches the
 * reserve). A figure older than DAILY_RETRY_MS no longer blocks: requests from 24 h ago have left
 * the window since.
 */
export function dailyBudgetWait(org: string, reserve: number, now = Date.now()): number {
  const usage = usageByOrg.get(org);
  if (!usage || usage.max - usage.used - (pendingByOrg.get(org) ?? 0) > reserve) return 0;
  const age = now - usage.seenAt;
  return age >= DAILY_RETRY_MS ? 0 : DAILY_RETRY_MS - age;
}

/**
 * Counts a request as pending until the returned function is called (once it has its answer or
 * failed). Take it in the same synchronous step as the `dailyBudgetWait` check that let it go.
 */
export function beginRequest(org: string): () => void {
  pendingByOrg.set(org, (pendingByOrg.get(org) ?? 0) + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const left = (pendingByOrg.get(org) ?? 1) - 1;
    if (left > 0) pendingByOrg.set(org, left);
    else pendingByOrg.delete(org);
  };
}

/** For tests. */
export function forgetApiUsage(): void {
  usageByOrg.clear();
  pendingByOrg.clear();
}
