/**
 * Rate-limit policies per route class (per tenant and per route class; docs/architecture.md#ports).
 * Adding a route class is adding a row.
 *
 * `onOutage` decides what happens when the shared store (Upstash Redis) cannot be reached:
 * - "fail-open" for tenant traffic (`api`, `webhook`, `webhook-source`, `webhook-bad-signature`,
 *   `ai`, `realtime`, `demo-send*`): these limits protect capacity and cost, not security. Refusing every
 *   request, or dropping inbound webhooks that the platforms may not redeliver, because the
 *   limiter is down would turn a Redis outage into a product outage; tenants are
 *   authenticated, webhooks are signed, and AI spend has its own budget downstream.
 * - "fail-closed" for `login-*`, `signup-ip` and `account-mail`: these limits are the
 *   brute-force, credential-stuffing, mass-signup and mail-flooding defence. If an outage (or an attacker who can cause or
 *   time one) lifted them, password guessing would be unlimited; a few minutes of "try again
 *   later" on login is the cheaper failure.
 */
export interface RateLimitPolicy {
  /** Requests allowed per sliding window. */
  limit: number;
  windowMs: number;
  /** What the key passed to `limit()` identifies; documents what callers must pass. */
  keyedBy: "tenant" | "channel" | "ip" | "account";
  onOutage: "fail-open" | "fail-closed";
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const RATE_LIMIT_POLICIES = {
  api: { limit: 600, windowMs: MINUTE, keyedBy: "tenant", onOutage: "fail-open" },
  // Keyed by channel id; a channel belongs to exactly one tenant.
  webhook: { limit: 1200, windowMs: MINUTE, keyedBy: "channel", onOutage: "fail-open" },
  // Every webhook delivery, keyed by platform + client IP, counted before the body is read or
  // a channel looked up. Generous: a platform such as Meta delivers every tenant's traffic from
  // a handful of addresses, so this only stops a single source far above any real volume.
  "webhook-source": { limit: 6000, windowMs: MINUTE, keyedBy: "ip", onOutage: "fail-open" },
  // Only deliveries whose signature failed count, keyed by platform + client IP; past the limit
  // the source is refused before the channel lookup until the window ends. Strict because a
  // genuine platform almost never fails (a rotated secret is re-read once), and it keeps a
  // forger from forcing fresh channel lookups at full speed. The signature itself is the
  // security check, so an outage of the store fails open like the other webhook limits.
  "webhook-bad-signature": { limit: 20, windowMs: MINUTE, keyedBy: "ip", onOutage: "fail-open" },
  // Every request to a paid model, keyed by tenant: counted at the one door where model calls
  // leave (src/server/ai/limit-llm-calls.ts), retries included, whichever path asked (pipeline
  // agents, streamed drafts), and by the interactive AI routes before they start (429 +
  // Retry-After). Past it the pipeline falls back to the local models, as when the budget is spent.
  ai: { limit: 600, windowMs: MINUTE, keyedBy: "tenant", onOutage: "fail-open" },
  // "Send" on the Demo page, per workspace and per account (all of its workspaces together): each
  // send runs the whole pipeline, models included, so an account that opens workspaces to
  // multiply its allowance still has one allowance a day.
  "demo-send": { limit: 10, windowMs: MINUTE, keyedBy: "tenant", onOutage: "fail-open" },
  "demo-send-account": { limit: 200, windowMs: DAY, keyedBy: "account", onOutage: "fail-open" },
  // Opening a realtime (SSE) stream; clients reconnect with backoff, so this bounds reconnect storms.
  realtime: { limit: 120, windowMs: MINUTE, keyedBy: "tenant", onOutage: "fail-open" },
  // "Sync now" on Settings -> CRM, keyed by tenant: a run is queued per press (deduplicated per
  // minute), and each run spends the CRM's own rate limit and daily budget.
  "crm-sync-now": { limit: 5, windowMs: 5 * MINUTE, keyedBy: "tenant", onOutage: "fail-open" },
  "login-ip": { limit: 10, windowMs: MINUTE, keyedBy: "ip", onOutage: "fail-closed" },
  "login-account": { limit: 5, windowMs: 15 * MINUTE, keyedBy: "account", onOutage: "fail-closed" },
  "signup-ip": { limit: 5, windowMs: 60 * MINUTE, keyedBy: "ip", onOutage: "fail-closed" },
  // Account mails (confirmation links, "you already have an account") per address, keyed by the
  // email's blind index whether or not it has an account, so the limit reveals nothing. Stops
  // sign-up and "send the link again" from flooding someone's inbox from many addresses.
  "account-mail": { limit: 5, windowMs: 60 * MINUTE, keyedBy: "account", onOutage: "fail-closed" },
} as const satisfies Record<string, RateLimitPolicy>;

export type PolicyName = keyof typeof RATE_LIMIT_POLICIES;

/** The shape limiters accept, so tests can run the same code with short windows. */
export type PolicyTable = Record<PolicyName, RateLimitPolicy>;

export const POLICY_NAMES = Object.keys(RATE_LIMIT_POLICIES) as PolicyName[];
