/**
 * Per-endpoint, per-user rate-limit windows with the headers X sends on every v2 answer:
 * x-rate-limit-limit, x-rate-limit-remaining, x-rate-limit-reset (epoch seconds). The default
 * windows follow the per-user 15-minute limits on docs.x.com/x-api/fundamentals/rate-limits
 * (seen 2026-11); they differ by plan, so tests set their own with setLimit().
 */
export type XEndpoint = "oauth.token" | "oauth.revoke" | "users.me" | "mentions" | "dm_events" | "tweets.create" | "dm.send";

export interface Window {
  limit: number;
  windowSeconds: number;
}

export const DEFAULT_LIMITS: Record<XEndpoint, Window> = {
  "oauth.token": { limit: 10_000, windowSeconds: 900 },
  "oauth.revoke": { limit: 10_000, windowSeconds: 900 },
  "users.me": { limit: 75, windowSeconds: 900 },
  mentions: { limit: 300, windowSeconds: 900 },
  dm_events: { limit: 300, windowSeconds: 900 },
  "tweets.create": { limit: 100, windowSeconds: 900 },
  "dm.send": { limit: 200, windowSeconds: 900 },
};

export class RateLimiter {
  private limits = new Map<XEndpoint, Window>(Object.entries(DEFAULT_LIMITS) as [XEndpoint, Window][]);
  private windows = new Map<string, { used: number; resetAt: number }>();
  /** Every call that reached an endpoint (including refused ones): the poll-cost figure. */
  readonly calls = new Map<XEndpoint, number>();

  constructor(private readonly now: () => number) {}

  setLimit(endpoint: XEndpoint, window: Window): void {
    this.limits.set(endpoint, window);
    for (const key of this.windows.keys()) if (key.startsWith(`${endpoint}|`)) this.windows.delete(key);
  }

  /** Uses up the rest of the window (the next call gets 429 until reset). */
  exhaust(endpoint: XEndpoint, userId: string, resetInSeconds?: number): void {
    const w = this.window(endpoint, userId);
    w.used = this.limits.get(endpoint)?.limit ?? 0;
    if (resetInSeconds !== undefined) w.resetAt = this.now() + resetInSeconds * 1000;
  }

  resetCalls(): void {
    this.calls.clear();
  }

  /** Counts one call; returns the headers and whether it is over the limit. */
  hit(endpoint: XEndpoint, userId: string): { limited: boolean; headers: Record<string, string> } {
    this.calls.set(endpoint, (this.calls.get(endpoint) ?? 0) + 1);
    const w = this.window(endpoint, userId);
    const limit = this.limits.get(endpoint)?.limit ?? 0;
    const limited = w.used >= limit;
    if (!limited) w.used += 1;
    return { limited, headers: this.headers(limit, limit - w.used, w.resetAt) };
  }

  headers(limit: number, remaining: number, resetAt: number): Record<string, string> {
    return { "x-rate-limit-limit": String(limit), "x-rate-limit-remaining": String(Math.max(0, remaining)), "x-rate-limit-reset": String(Math.ceil(resetAt / 1000)) };
  }

  private window(endpoint: XEndpoint, userId: string) {
    const key = `${endpoint}|${userId}`;
    const seconds = this.limits.get(endpoint)?.windowSeconds ?? 900;
    let w = this.windows.get(key);
    if (!w || w.resetAt <= this.now()) {
      w = { used: 0, resetAt: this.now() + seconds * 1000 };
      this.windows.set(key, w);
    }
    return w;
  }
}
