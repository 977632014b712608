import { describe, expect, it } from "vitest";
import { ChannelRejectedError } from "../connector";
import type { InboundEvent } from "../inbound-event";
import { walkStream, type FetchPage, type PageQuery } from "./x-walk-stream";
import { readRateLimit, retryAfterSeconds } from "./x-rate-limit";

/** A DM-like stream (no server-side range) over ids 1..n, newest first, `size` per page, tokens "t<id>". */
function stream(n: () => number, size: number, refuse: (q: PageQuery) => boolean = () => false) {
  const queries: PageQuery[] = [];
  const fetchPage: FetchPage = async (q) => {
    queries.push(q);
    if (refuse(q)) throw new ChannelRejectedError("X refused the request (HTTP 400).");
    const before = q.token ? Number(q.token.slice(1)) : n() + 1;
    const ids = Array.from({ length: Math.max(0, Math.min(size, before - 1)) }, (_, i) => before - 1 - i);
    const last = ids.at(-1);
    const event = (id: number) => ({ platformMessageId: String(id) }) as InboundEvent;
    return { page: { items: ids.map((id) => ({ id: String(id), event: event(id) })), nextToken: last && last > 1 ? `t${last}` : undefined }, rateLimit: null };
  };
  return { fetchPage, queries };
}
const got = (events: InboundEvent[]) => events.map((e) => Number(e.platformMessageId));

describe("walkStream", () => {
  it("resumes a backlog from its token, leaves newer items for later, and closes the gap exactly", async () => {
    let total = 20;
    const s = stream(() => total, 4);
    const first = await walkStream({ doneUpTo: "5", backlog: null }, s.fetchPage, { maxPages: 2, serverSideRange: false });
    expect(got(first.events)).toEqual([20, 19, 18, 17, 16, 15, 14, 13]);
    expect(first.state).toEqual({ doneUpTo: "5", backlog: { newest: "20", lowest: "13", token: "t13" } });
    total = 22;
    const second = await walkStream(first.state, s.fetchPage, { maxPages: 5, serverSideRange: false });
    expect(got(second.events)).toEqual([12, 11, 10, 9, 8, 7, 6]);
    expect(second.state).toEqual({ doneUpTo: "20", backlog: null });
    const third = await walkStream(second.state, s.fetchPage, { maxPages: 5, serverSideRange: false });
    expect(got(third.events)).toEqual([22, 21]);
  });

  it("walks from the top, skipping handled ids, when X refuses a stored token", async () => {
    const total = 30;
    const s = stream(() => total, 5, (q) => q.token === "t-expired");
    const r = await walkStream({ doneUpTo: "5", backlog: { newest: "20", lowest: "13", token: "t-expired" } }, s.fetchPage, { maxPages: 10, serverSideRange: false });
    // 21..30 are newer than the catch-up (next walk), 13..20 were handled: only 6..12 now.
    expect(got(r.events)).toEqual([12, 11, 10, 9, 8, 7, 6]);
    expect(r.state).toEqual({ doneUpTo: "20", backlog: null });
    expect(s.queries[1]?.token).toBeUndefined();
  });

  it("rethrows a refusal that is not about a stored token", async () => {
    const s = stream(() => 10, 5, () => true);
    await expect(walkStream({ doneUpTo: "1", backlog: null }, s.fetchPage, { maxPages: 3, serverSideRange: false })).rejects.toBeInstanceOf(ChannelRejectedError);
  });
});

describe("rate-limit headers", () => {
  it("reads x-rate-limit-* and turns the reset into a wait", () => {
    const h = new Headers({ "x-rate-limit-limit": "300", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1800000030" });
    const rl = readRateLimit(h);
    expect(rl).toEqual({ limit: 300, remaining: 0, resetAt: new Date(1_800_000_030_000) });
    expect(retryAfterSeconds(rl, 1_800_000_000_000)).toBe(30);
    expect(retryAfterSeconds(rl, 1_900_000_000_000)).toBe(1);
    expect(readRateLimit(new Headers())).toBeNull();
    expect(readRateLimit(new Headers({ "x-rate-limit-limit": "x", "x-rate-limit-remaining": "1", "x-rate-limit-reset": "1" }))).toBeNull();
    expect(retryAfterSeconds(null)).toBe(900);
  });
});
