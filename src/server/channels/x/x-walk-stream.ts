/**
 * Walks one newest-first X stream (mentions or DM events) from its cursor state, emitting each
 * item at most once across polls. Read x-poll-cursor.ts for the state's meaning.
 */
import { ChannelRateLimitedError, ChannelRejectedError } from "../connector";
import type { InboundEvent } from "../inbound-event";
import type { XPage } from "./x-map-events";
import { compareIds, type XStreamState } from "./x-poll-cursor";
import type { XRateLimit } from "./x-rate-limit";

export type PageQuery = { sinceId?: string; untilId?: string; token?: string };
export type FetchPage = (q: PageQuery) => Promise<{ page: XPage; rateLimit: XRateLimit | null }>;

export type StreamResult = {
  events: InboundEvent[];
  state: XStreamState | null;
  calls: number;
  rateLimit: XRateLimit | null;
  /** Seconds to wait, when a 429 cut the walk short. */
  rateLimitedFor: number | null;
  /** At least one page was read (false: the state is unchanged). */
  learned: boolean;
};

export type WalkOptions = {
  maxPages: number;
  /** true: X filters by since_id/until_id (mentions), so a backlog resumes with until_id, not a token. */
  serverSideRange: boolean;
};

export async function walkStream(state: XStreamState | null, fetchPage: FetchPage, o: WalkOptions): Promise<StreamResult> {
  const out: StreamResult = { events: [], state, calls: 0, rateLimit: null, rateLimitedFor: null, learned: false };
  const lower = state?.doneUpTo ?? undefined;
  const upper = state?.backlog?.lowest;
  let token = state?.backlog?.token ?? undefined;
  let newest = state?.backlog?.newest ?? null;
  let lowest = state?.backlog?.lowest ?? null;
  let complete = false;
  for (let pages = 0; pages < (state ? o.maxPages : 1); ) {
    let got: Awaited<ReturnType<FetchPage>>;
    out.calls += 1;
    try {
      got = await fetchPage({ sinceId: o.serverSideRange ? lower : undefined, untilId: o.serverSideRange ? upper : undefined, token });
    } catch (err) {
      if (err instanceof ChannelRateLimitedError) {
        out.rateLimitedFor = err.retryAfterSeconds;
        break;
      }
      // A stored pagination token X no longer accepts: walk from the top, skipping handled ids.
      if (err instanceof ChannelRejectedError && pages === 0 && token && token === state?.backlog?.token) {
        token = undefined;
        continue;
      }
      throw err;
    }
    pages += 1;
    out.learned = true;
    out.rateLimit = got.rateLimit;
    for (const item of got.page.items) {
      if (lower && compareIds(item.id, lower) <= 0) {
        complete = true;
        break;
      }
      // In a catch-up, ids from `lowest` up are handled, and newer ones wait for the next walk.
      if (upper && compareIds(item.id, upper) >= 0) continue;
      if (item.event) out.events.push(item.event);
      if (!newest || compareIds(item.id, newest) > 0) newest = item.id;
      if (!lowest || compareIds(item.id, lowest) < 0) lowest = item.id;
    }
    // First poll (no state): the latest page only, no backfill of the account's history.
    if (complete || !got.page.nextToken || !state) {
      complete = true;
      break;
    }
    token = got.page.nextToken;
    // Honour the window: a call that would surely be refused is a wasted (billed) call.
    if (got.rateLimit?.remaining === 0) break;
  }
  if (!out.learned) return out;
  if (complete) out.state = { doneUpTo: newest ?? lower ?? null, backlog: null };
  else if (newest && lowest) out.state = { doneUpTo: lower ?? null, backlog: { newest, lowest, token: o.serverSideRange ? null : (token ?? null) } };
  return out;
}
