/**
 * Pipedrive's two limits as the fake enforces them (pipedrive.readme.io/docs/core-api-concepts-
 * rate-limiting, checked 2026-11-30):
 * - a daily token budget per company (30,000 x plan multiplier x seats), each request charging
 *   its endpoint's token cost; once spent, every request gets 429 until the day turns (UTC here;
 *   Pipedrive resets at midnight in its server's timezone);
 * - a burst limit per token over a rolling 2-second window (Lite + API token: 20; search
 *   endpoints: 10 whatever the plan), with x-ratelimit-limit / -remaining / -reset on answers.
 * Every figure is an option so a benchmark can run 10,000 leads in seconds.
 */
export type PipedriveRoute =
  | "oauth.token"
  | "users.me"
  | "personFields.list"
  | "personFields.add"
  | "persons.search"
  | "persons.list"
  | "persons.add"
  | "persons.update"
  | "leads.list"
  | "leads.add"
  | "notes.list"
  | "notes.add"
  | "notes.update"
  | "deals.list";

/** Costs from the API reference's "Cost" line per endpoint; generic table figures where the reference page was not found. */
export const DEFAULT_TOKEN_COSTS: Record<PipedriveRoute, number> = {
  "oauth.token": 0,
  "users.me": 2,
  "personFields.list": 20,
  "personFields.add": 10,
  "persons.search": 20,
  "persons.list": 10,
  "persons.add": 5,
  "persons.update": 5,
  "leads.list": 20,
  "leads.add": 10,
  "notes.list": 20,
  "notes.add": 10,
  "notes.update": 10,
  "deals.list": 10,
};

export interface LimitOptions {
  /** Requests per token per window (default 20: Lite plan, API token). */
  burst?: number;
  /** Search requests per token per window (default 10). */
  searchBurst?: number;
  /** The rolling window (default 2,000 ms). */
  windowMs?: number;
  /** The company's daily token budget (default 30,000: Lite, one seat). */
  dailyTokens?: number;
  tokenCosts?: Partial<Record<PipedriveRoute, number>>;
}

const SEARCH_ROUTES = new Set<PipedriveRoute>(["persons.search"]);
const DAY_MS = 86_400_000;

export class PipedriveLimits {
  burst: number;
  searchBurst: number;
  windowMs: number;
  dailyTokens: number;
  readonly costs: Record<PipedriveRoute, number>;
  /** Tokens spent today. */
  used = 0;
  private day: number;
  private readonly hits = new Map<string, number[]>();

  constructor(options: LimitOptions, private readonly now: () => number) {
    this.burst = options.burst ?? 20;
    this.searchBurst = options.searchBurst ?? 10;
    this.windowMs = options.windowMs ?? 2_000;
    this.dailyTokens = options.dailyTokens ?? 30_000;
    this.costs = { ...DEFAULT_TOKEN_COSTS, ...options.tokenCosts };
    this.day = Math.floor(now() / DAY_MS);
  }

  /** Spends the rest of today's budget (the next request gets 429). */
  exhaustBudget(): void {
    this.rollDay();
    this.used = this.dailyTokens;
  }

  resetBudget(): void {
    this.used = 0;
  }

  /**
   * Counts one request by `token` against its windows and the budget. A refused request spends
   * no tokens. Returns the burst headers Pipedrive adds to every answer.
   */
  check(route: PipedriveRoute, token: string): { refusal: "burst" | "daily" | null; headers: Record<string, string> } {
    this.rollDay();
    const t = this.now();
    const general = this.window(`${token}|all`, t);
    const search = SEARCH_ROUTES.has(route) ? this.window(`${token}|search`, t) : null;
    const limit = search ? this.searchBurst : this.burst;
    const used = search ? search.length : general.length;
    const oldest = (search ?? general)[0] ?? t;
    const resetSeconds = Math.max(1, Math.ceil((oldest + this.windowMs - t) / 1000));
    if (used >= limit) {
      return { refusal: "burst", headers: { ...this.headers(limit, 0, resetSeconds), "retry-after": String(resetSeconds) } };
    }
    const cost = this.costs[route];
    if (this.used + cost > this.dailyTokens) return { refusal: "daily", headers: this.headers(limit, limit - used, resetSeconds) };
    general.push(t);
    search?.push(t);
    this.used += cost;
    return { refusal: null, headers: this.headers(limit, limit - used - 1, resetSeconds) };
  }

  private headers(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
    return { "x-ratelimit-limit": String(limit), "x-ratelimit-remaining": String(Math.max(0, remaining)), "x-ratelimit-reset": String(resetSeconds) };
  }

  private window(key: string, t: number): number[] {
    const kept = (this.hits.get(key) ?? []).filter((at) => at > t - this.windowMs);
    this.hits.set(key, kept);
    return kept;
  }

  private rollDay(): void {
    const today = Math.floor(this.now() / DAY_MS);
    if (today !== this.day) {
      this.day = today;
      this.used = 0;
    }
  }
}
