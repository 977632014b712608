import { AppError } from "../errors/app-error";
import type { RateLimiter, RateLimitResult } from "./limiter-port";
import type { PolicyName } from "./policies";

/** Whole seconds until the window of a refused request ends (at least 1), for `Retry-After`. */
export function retryAfterSecondsOf(result: RateLimitResult, now = Date.now()): number {
  return Math.max(1, Math.ceil((result.resetMs - now) / 1000));
}

/**
 * Counts one request against `policy` for `key` and throws AppError RATE_LIMITED (with
 * `retryAfterSeconds`, which transports turn into `Retry-After`) when it is over the limit.
 */
export async function enforceLimit(limiter: RateLimiter, policy: PolicyName, key: string, message: string): Promise<void> {
  const result = await limiter.limit(policy, key);
  if (!result.success) throw new AppError("RATE_LIMITED", message, { retryAfterSeconds: retryAfterSecondsOf(result), policy });
}
