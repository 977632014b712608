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
 * Milliseconds to wait before spending another request, or 0 to go ahead. A figure older than
 * DAILY_RETRY_MS no longer blocks: requests from 24 h ago have left the window since.
 */
export function dailyBudgetWait(org: string, reserve: number, now = Date.now()): number {
  const usage = usageByOrg.get(org);
  if (!usage || usage.max - usage.used > reserve) return 0;
  const age = now - usage.seenAt;
  return age >= DAILY_RETRY_MS ? 0 : DAILY_RETRY_MS - age;
}

/** For tests. */
export function forgetApiUsage(): void {
  usageByOrg.clear();
}
