import { Ratelimit } from "@upstash/ratelimit";
import {
  createUpstashRedis,
  DEFAULT_UPSTASH_TIMEOUT_MS,
  describeUpstashError,
  type UpstashConnection,
} from "@/server/infra/cache/create-upstash-redis";
import { assertLimitKey, type RateLimiter, type RateLimitResult } from "./limiter-port";
import { POLICY_NAMES, RATE_LIMIT_POLICIES, type PolicyName, type PolicyTable, type RateLimitPolicy } from "./policies";

export interface UpstashLimiterConfig extends UpstashConnection {
  /** Redis key namespace; keys are `<prefix>:<policy>:<encoded key>:<window>`. Default "rl". */
  prefix?: string;
  policies?: PolicyTable;
  /** Blocked keys remembered in-process (skips Redis until their window ends). Default 10 000. */
  maxBlockedKeysCached?: number;
}

/** The slice of a pino logger the limiter needs (pino's `Logger` satisfies it). */
export interface LimiterLogger {
  error(details: Record<string, unknown>, message: string): void;
}

/** Retry hint returned when a fail-closed policy refuses because the store is unreachable. */
export const OUTAGE_RETRY_AFTER_MS = 30_000;

/** A Map that forgets its oldest entries beyond `max`: @upstash/ratelimit's cache is a plain, unbounded Map. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}

export function createUpstashLimiter(config: UpstashLimiterConfig, deps: { logger: LimiterLogger }): RateLimiter {
  const policies = config.policies ?? RATE_LIMIT_POLICIES;
  const prefix = config.prefix ?? "rl";
  const timeout = config.timeoutMs ?? DEFAULT_UPSTASH_TIMEOUT_MS;
  // @upstash/ratelimit reads its script replies through the client's JSON deserialisation.
  const redis = createUpstashRedis(config, { automaticDeserialization: true });
  const limiters = new Map<PolicyName, Ratelimit>(
    POLICY_NAMES.map((name) => [
      name,
      new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(policies[name].limit, `${policies[name].windowMs} ms`),
        prefix: `${prefix}:${name}`,
        timeout,
        analytics: false,
        ephemeralCache: new BoundedMap<string, number>(config.maxBlockedKeysCached ?? 10_000),
      }),
    ]),
  );

  // The decision comes from the policy table's `onOutage` column. Keys (IPs, accounts) are not logged.
  function onOutage(name: PolicyName, policy: RateLimitPolicy, error: unknown): RateLimitResult {
    const success = policy.onOutage === "fail-open";
    deps.logger.error(
      { policy: name, onOutage: policy.onOutage, err: describeUpstashError(error) },
      `rate-limit store unreachable; ${success ? "allowing" : "refusing"} request`,
    );
    return {
      success,
      limit: policy.limit,
      remaining: 0,
      resetMs: Date.now() + (success ? 0 : OUTAGE_RETRY_AFTER_MS),
    };
  }

  return {
    async limit(name, key) {
      assertLimitKey(key);
      const policy = policies[name];
      const limiter = limiters.get(name);
      if (!limiter) throw new TypeError(`Unknown rate-limit policy "${name}"`);
      try {
        // Encoded so a key containing ":" cannot alias another key's window buckets.
        const result = await limiter.limit(encodeURIComponent(key));
        // On its own timeout @upstash/ratelimit answers success; the policy decides instead.
        if (result.reason === "timeout") return onOutage(name, policy, new Error(`timed out after ${timeout} ms`));
        return { success: result.success, limit: result.limit, remaining: result.remaining, resetMs: result.reset };
      } catch (error) {
        return onOutage(name, policy, error);
      }
    },
  };
}
