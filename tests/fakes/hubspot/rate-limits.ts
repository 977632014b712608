/**
 * HubSpot's limits as the fake enforces them: a rolling burst window per portal (OAuth apps:
 * 110 / 10 s; the default here is 100 / 10 s) and an optional daily cap, with the
 * X-HubSpot-RateLimit-* headers HubSpot sends. Both are options so a benchmark can run 10,000
 * leads in seconds (e.g. 100 requests per 1 s). Refused requests do not use up the window.
 */
export interface LimitOptions {
  burst: number;
  windowMs: number;
  /** Requests per day; null: no daily cap (OAuth apps have none). */
  daily: number | null;
}

export class RollingLimiter {
  private stamps: number[] = [];
  dailyUsed = 0;

  constructor(public options: LimitOptions, private readonly now: () => number) {}

  /** Counts one request; says which policy refused it, if any. */
  hit(): { refused: "TEN_SECONDLY_ROLLING" | "DAILY" | null; headers: Record<string, string> } {
    const t = this.now();
    this.stamps = this.stamps.filter((s) => s > t - this.options.windowMs);
    let refused: "TEN_SECONDLY_ROLLING" | "DAILY" | null = null;
    if (this.options.daily !== null && this.dailyUsed >= this.options.daily) refused = "DAILY";
    else if (this.stamps.length >= this.options.burst) refused = "TEN_SECONDLY_ROLLING";
    else {
      this.stamps.push(t);
      this.dailyUsed += 1;
    }
    return { refused, headers: this.headers() };
  }

  headers(): Record<string, string> {
    const h: Record<string, string> = {
      "x-hubspot-ratelimit-max": String(this.options.burst),
      "x-hubspot-ratelimit-remaining": String(Math.max(0, this.options.burst - this.stamps.length)),
      "x-hubspot-ratelimit-interval-milliseconds": String(this.options.windowMs),
    };
    if (this.options.daily !== null) {
      h["x-hubspot-ratelimit-daily"] = String(this.options.daily);
      h["x-hubspot-ratelimit-daily-remaining"] = String(Math.max(0, this.options.daily - this.dailyUsed));
    }
    return h;
  }

  exhaustDaily(): void {
    this.dailyUsed = this.options.daily ?? 0;
    if (this.options.daily === null) this.options = { ...this.options, daily: 0 };
  }

  reset(): void {
    this.stamps = [];
    this.dailyUsed = 0;
  }
}
