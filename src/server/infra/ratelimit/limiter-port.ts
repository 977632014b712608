import type { PolicyName } from "./policies";

export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Unix epoch milliseconds at which the current window ends (for Retry-After / X-RateLimit-Reset). */
  resetMs: number;
}

/**
 * Rate-limit port (docs/architecture.md#ports): an in-process sliding window locally,
 * @upstash/ratelimit in production. `key` identifies what the policy is keyed by (tenant id,
 * channel id, IP, account); keys are namespaced by policy, so the same key under two
 * policies never shares a counter.
 */
export interface RateLimiter {
  limit(policy: PolicyName, key: string): Promise<RateLimitResult>;
}

/** An empty key almost always means a missing tenant/IP; counting it would pool strangers. */
export function assertLimitKey(key: string): void {
  if (key.length === 0) throw new TypeError("Rate-limit key must not be empty");
}
