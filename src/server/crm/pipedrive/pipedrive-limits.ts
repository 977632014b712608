/**
 * Pipedrive's limits (pipedrive.readme.io/docs/core-api-concepts-rate-limiting, checked
 * 2026-11-30; docs/crm/pipedrive.md has the tables):
 * - daily token budget per company = 30,000 x plan multiplier (Lite 1, Growth 2, Premium 5,
 *   Ultimate 7) x seats (+ bought top-ups), every request charging its endpoint's cost;
 * - burst per token over a rolling 2 s: API token 20/40/100/120, OAuth 80/160/400/480 by plan,
 *   and search endpoints 10 per 2 s on every plan.
 * The static `limits` are the safe floor (Lite, one seat, API token); `pipedriveLimitsFor(metadata)`
 * gives a connection's own figures when its metadata names plan / seats / authKind.
 */
import type { CrmLimits } from "../crm-connector";

/** Token cost per call Leadline makes (API reference "Cost" lines; * = the generic table's figure). */
export const TOKEN_COSTS = {
  "users.me": 2, // *
  "personFields.list": 20, // *
  "personFields.add": 10, // *
  "persons.search": 20,
  "persons.list": 10,
  "persons.add": 5,
  "persons.update": 5,
  "leads.list": 20,
  "leads.add": 10,
  "notes.list": 20, // *
  "notes.add": 10,
  "notes.update": 10, // *
  "deals.list": 10,
} as const;

export const PLANS = {
  lite: { multiplier: 1, apiToken: 20, oauth: 80 },
  growth: { multiplier: 2, apiToken: 40, oauth: 160 },
  premium: { multiplier: 5, apiToken: 100, oauth: 400 },
  ultimate: { multiplier: 7, apiToken: 120, oauth: 480 },
} as const;
export type PipedrivePlan = keyof typeof PLANS;

export const BASE_DAILY_TOKENS = 30_000;
export const BURST_WINDOW_MS = 2_000;
export const SEARCH_BURST = 10;
const PACING_MARGIN_MS = 250;
/** Records handed to one upsert call: Pipedrive has no bulk upsert, so the connector loops. */
export const BATCH_SIZE = 20;
/**
 * Average tokens per request of a first sync (search 20 + add person 5 + add lead 10 over three
 * requests ~ 12): turns the token budget into the request count the engine paces to.
 */
export const AVERAGE_TOKENS_PER_REQUEST = 12;

function positive(value: string | undefined): number | null {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * Limits for a connection whose metadata may say `plan` (lite|growth|premium|ultimate), `seats`,
 * `topUpTokens`, `authKind` ("oauth"), or override `burstRequests` / `dailyTokens` outright.
 */
export function pipedriveLimitsFor(metadata: Record<string, string>): CrmLimits {
  const planName = (metadata.plan ?? "lite").toLowerCase();
  const plan = PLANS[(planName in PLANS ? planName : "lite") as PipedrivePlan];
  const seats = positive(metadata.seats) ?? 1;
  const tokens = positive(metadata.dailyTokens) ?? BASE_DAILY_TOKENS * plan.multiplier * seats + (positive(metadata.topUpTokens) ?? 0);
  const burst = positive(metadata.burstRequests) ?? (metadata.authKind === "oauth" ? plan.oauth : plan.apiToken);
  return { batchSize: BATCH_SIZE, burst: { requests: burst, perMs: BURST_WINDOW_MS }, dailyRequests: Math.floor(tokens / AVERAGE_TOKENS_PER_REQUEST) };
}

export const DEFAULT_LIMITS: CrmLimits = pipedriveLimitsFor({});

/**
 * Search's own burst (10 per rolling 2 s per token) is tighter than the general one the engine
 * paces to, so the connector spaces its searches itself, per connection, in this process.
 */
export class SearchPacer {
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly limit = SEARCH_BURST, private readonly windowMs = BURST_WINDOW_MS, private readonly now: () => number = Date.now) {}

  async wait(connectionId: string, limit = this.limit): Promise<void> {
    for (;;) {
      const t = this.now();
      const kept = (this.recent.get(connectionId) ?? []).filter((at) => at > t - this.windowMs);
      if (kept.length < limit) {
        kept.push(t);
        this.recent.set(connectionId, kept);
        return;
      }
      // The margin covers requests reaching Pipedrive later than they left here (its window counts arrivals).
      const oldest = kept[0] ?? t;
      await new Promise((resolve) => setTimeout(resolve, Math.max(5, oldest + this.windowMs - t + PACING_MARGIN_MS)));
    }
  }
}
