/** X's per-endpoint window, read from the x-rate-limit-* headers every v2 answer carries. */
export type XRateLimit = {
  limit: number;
  remaining: number;
  /** When the window resets (x-rate-limit-reset is epoch seconds). */
  resetAt: Date;
};

/** Used when a 429 comes without a readable reset header: X's windows are 15 minutes. */
export const X_DEFAULT_RETRY_SECONDS = 900;

export function readRateLimit(headers: Headers): XRateLimit | null {
  const limit = Number(headers.get("x-rate-limit-limit"));
  const remaining = Number(headers.get("x-rate-limit-remaining"));
  const reset = Number(headers.get("x-rate-limit-reset"));
  if (![limit, remaining, reset].every((n) => Number.isFinite(n) && n >= 0) || headers.get("x-rate-limit-reset") === null) return null;
  return { limit, remaining, resetAt: new Date(reset * 1000) };
}

/** Seconds until the window resets (at least 1), or the default when X did not say. */
export function retryAfterSeconds(rateLimit: XRateLimit | null, now = Date.now()): number {
  if (!rateLimit) return X_DEFAULT_RETRY_SECONDS;
  return Math.max(1, Math.ceil((rateLimit.resetAt.getTime() - now) / 1000));
}
