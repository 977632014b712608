import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeX, type FakeX } from "../../../../tests/fakes/x/server";
import { AppError } from "../../infra/errors/app-error";
import { ChannelAuthError, ChannelRateLimitedError, type ChannelCredentials } from "../connector";
import type { InboundEvent } from "../inbound-event";
import { XTransientError } from "./x-errors";
import { fakeXConfig } from "../../../../tests/helpers/x-fake-config";
import { pollX, type XPollOptions } from "./x-poll";

let x: FakeX;
let creds: ChannelCredentials;
beforeEach(async () => {
  x = await startFakeX();
  creds = { channelId: "ch-x", externalId: x.account.id, accessToken: String(x.issueTokens().access_token), secret: null };
});
afterEach(async () => {
  vi.restoreAllMocks();
  await x.close();
});

const poll = (cursor: string | null, o: XPollOptions = {}, timeoutMs = 2_000) => pollX(creds, cursor, o, fakeXConfig(x, { timeoutMs }));
const ids = (events: InboundEvent[]) => events.map((e) => e.platformMessageId);
const mentions = (n: number) => Array.from({ length: n }, (_, i) => x.addMention({ text: `@faketestshop question ${i}` }));
const dms = (n: number) => Array.from({ length: n }, (_, i) => x.addDm({ text: `dm ${i}` }));
/** Polls until the cursor has no backlog left, collecting everything emitted. */
async function drain(cursor: string, o: XPollOptions, max = 20) {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    const r = await poll(cursor, o);
    seen.push(...ids(r.events));
    cursor = r.cursor;
    if (!cursor.includes('"backlog":{')) return { seen, cursor };
  }
  throw new Error("the backlog never finished");
}

describe("first poll", () => {
  it("takes only the latest page, maps mentions and DMs, and sets the cursor", async () => {
    mentions(12);
    const latest = x.addMention({ text: "@faketestshop do you ship to Lyon?" });
    dms(2);
    const dm = x.addDm({ text: "Is the blue bike still available?" });
    const r = await poll(null, { pageSize: 5 });
    expect(r.events.filter((e) => e.kind === "MENTION")).toHaveLength(5);
    expect(r.events.filter((e) => e.kind === "DM")).toHaveLength(3);
    expect(r.calls).toEqual({ mentions: 1, dmEvents: 1, total: 2 });
    const author = x.store.users.get(latest.authorId);
    expect(r.events[0]).toEqual({
      platform: "X", channelExternalId: x.account.id, platformMessageId: latest.id, threadId: latest.conversationId, kind: "MENTION",
      sender: { platformUserId: latest.authorId, displayName: author?.name, handle: author?.username, followers: undefined, verified: undefined },
      text: "@faketestshop do you ship to Lyon?", sentAt: new Date(latest.createdAt),
    });
    expect(r.events.find((e) => e.platformMessageId === dm.id)).toMatchObject({ kind: "DM", threadId: expect.stringContaining(x.account.id), sender: { platformUserId: dm.senderId }, text: "Is the blue bike still available?" });
    expect(r.rateLimit.mentions).toMatchObject({ limit: 300, remaining: 299 });
    const again = await poll(r.cursor, { pageSize: 5 });
    expect(again.events).toEqual([]);
    expect(again.calls.total).toBe(2);
  });

  it("starts cleanly on an account with nothing yet, then reads everything that arrives", async () => {
    const first = await poll(null);
    expect(first.events).toEqual([]);
    const m = mentions(3);
    const d = dms(2);
    const next = await poll(first.cursor);
    expect(ids(next.events).sort()).toEqual([...m, ...d].map((i) => i.id).sort());
  });
});

describe("the cursor across restarts", () => {
  it("returns only new items, skips our own DMs, never twice", async () => {
    mentions(3);
    dms(2);
    // The cursor is what the database stores: a plain string, read back by a fresh process.
    const stored: string = (await poll(null)).cursor;
    const m = mentions(3);
    const d = dms(2);
    x.store.dmEvents.push({ id: String(BigInt(d[1]?.id ?? "0") + 1n), senderId: x.account.id, recipientId: d[0]?.senderId ?? "", text: "our own reply", createdAt: Date.now() });
    const afterRestart = await poll(JSON.parse(JSON.stringify(stored)) as string);
    expect(ids(afterRestart.events).sort()).toEqual([...m, ...d].map((i) => i.id).sort());
    expect(afterRestart.events.some((e) => e.text === "our own reply")).toBe(false);
    expect((await poll(afterRestart.cursor)).events).toEqual([]);
  });

  it("catches up after downtime in bounded polls: every mention and DM exactly once", async () => {
    const start = (await poll(null)).cursor;
    const m = mentions(23);
    const d = dms(12);
    const o = { pageSize: 5, maxPages: 2 };
    const firstCatchUp = await poll(start, o);
    expect(firstCatchUp.calls).toEqual({ mentions: 2, dmEvents: 2, total: 4 });
    // New items arriving mid catch-up are read once the backlog is done.
    const late = [...mentions(2), ...dms(1)];
    const rest = await drain(firstCatchUp.cursor, o);
    const final = await poll(rest.cursor, o);
    const all = [...ids(firstCatchUp.events), ...rest.seen, ...ids(final.events)];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual([...m, ...d, ...late].map((i) => i.id).sort());
  });
});

describe("rate limits", () => {
  it("stops walking when x-rate-limit-remaining reaches 0 instead of spending a call on a 429", async () => {
    const start = (await poll(null)).cursor;
    mentions(12);
    x.limits.setLimit("mentions", { limit: 1, windowSeconds: 60 });
    const r = await poll(start, { pageSize: 5 });
    expect(r.calls.mentions).toBe(1);
    expect(r.events).toHaveLength(5);
    expect(r.rateLimit.mentions?.remaining).toBe(0);
    expect(r.retryAfterSeconds).toBeNull();
  });

  it("429 mid-poll: returns what was gathered, cursor past it only, and the rest comes next time", async () => {
    const start = (await poll(null)).cursor;
    const m = mentions(12);
    const realFetch = globalThis.fetch;
    // The second mentions page (the one with a pagination token) meets a 429 with a 30 s reset.
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
      if (String(input).includes("/mentions?") && String(input).includes("pagination_token")) x.faults.inject("mentions", { kind: "rate-limit", resetInSeconds: 30 });
      return realFetch(input, init);
    });
    const r = await poll(start, { pageSize: 5 });
    expect(r.events).toHaveLength(5);
    expect(r.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(r.calls.mentions).toBe(2);
    vi.restoreAllMocks();
    const rest = await drain(r.cursor, { pageSize: 5 });
    expect([...ids(r.events), ...rest.seen].sort()).toEqual(m.map((t) => t.id).sort());
  });

  it("429 on DMs only: mentions are returned, the DM cursor waits", async () => {
    const start = (await poll(null)).cursor;
    const m = mentions(2);
    const d = dms(2);
    x.faults.inject("dm_events", { kind: "rate-limit", resetInSeconds: 60 });
    const r = await poll(start);
    expect(ids(r.events).sort()).toEqual(m.map((t) => t.id).sort());
    expect(r.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(ids((await poll(r.cursor)).events).sort()).toEqual(d.map((e) => e.id).sort());
  });

  it("429 before anything was read: throws with the reset", async () => {
    x.faults.inject("*", { kind: "rate-limit", resetInSeconds: 120 }, { times: 2 });
    const err = await poll(null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelRateLimitedError);
    expect((err as ChannelRateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(119);
  });
});

describe("failures", () => {
  it("401 -> ChannelAuthError; 5xx or a timeout after a good page -> throws, and nothing is lost", async () => {
    const start = (await poll(null)).cursor;
    const m = mentions(2);
    x.faults.inject("mentions", { kind: "auth" });
    await expect(poll(start)).rejects.toBeInstanceOf(ChannelAuthError);
    x.faults.inject("dm_events", { kind: "server-error" });
    await expect(poll(start)).rejects.toMatchObject({ name: "XTransientError", status: 500 });
    x.faults.inject("dm_events", { kind: "timeout", delayMs: 1_000 });
    await expect(poll(start, {}, 150)).rejects.toBeInstanceOf(XTransientError);
    expect(ids((await poll(start)).events).sort()).toEqual(m.map((t) => t.id).sort());
  });

  it("refuses a malformed stored cursor, a non-numeric account id and a missing token", async () => {
    await expect(poll("{not json")).rejects.toBeInstanceOf(AppError);
    await expect(poll(JSON.stringify({ v: 2 }))).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(pollX({ ...creds, externalId: "../me" }, null, {}, fakeXConfig(x))).rejects.toBeInstanceOf(AppError);
    await expect(pollX({ ...creds, accessToken: null }, null, {}, fakeXConfig(x))).rejects.toBeInstanceOf(ChannelAuthError);
  });

  it("reports the same call count as the fake bills", async () => {
    const start = (await poll(null)).cursor;
    x.limits.resetCalls();
    mentions(11);
    dms(7);
    const r = await poll(start, { pageSize: 5 });
    expect(r.calls.mentions).toBe(x.limits.calls.get("mentions"));
    expect(r.calls.dmEvents).toBe(x.limits.calls.get("dm_events"));
    expect(r.calls).toEqual({ mentions: 3, dmEvents: 2, total: 5 });
  });
});
