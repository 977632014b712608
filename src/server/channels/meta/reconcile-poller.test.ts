import { randomInt } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { metaJson } from "../../../../tests/fakes/meta/deliver-webhook";
import { startFakeMeta, type FakeMeta } from "../../../../tests/fakes/meta/server";
import { ChannelRateLimitedError, type ChannelCredentials } from "../connector";
import type { InboundEvent } from "../inbound-event";
import { MetaGraphUnavailableError } from "./graph-errors";
import type { MetaGraphConfig } from "./meta-config";
import { parseMetaDelivery } from "./meta-connector";
import { FIRST_LOOKBACK_MS, parseReconcileCursor } from "./reconcile-cursor";
import { reconcileMeta } from "./reconcile-poller";

let meta: FakeMeta;
let config: MetaGraphConfig;
const pageId = `10${randomInt(1e9, 1e10)}`;
const igId = `178414${randomInt(1e9, 1e10)}`;

beforeAll(async () => {
  meta = await startFakeMeta({ pages: [{ id: pageId, name: "Owen Bikes", instagram: { id: igId, username: "owenbikes" } }] });
  config = { baseUrl: meta.url, version: meta.version, appSecret: meta.appSecret, timeoutMs: 2_000 };
});
afterAll(async () => {
  await meta?.close();
});
afterEach(() => {
  meta.faults.clear();
});

const token = () => meta.store.pages[0]!.accessToken;
const facebook = (): ChannelCredentials => ({ channelId: "ch_fb", externalId: pageId, accessToken: token(), secret: null });
const instagram = (): ChannelCredentials => ({ channelId: "ch_ig", externalId: igId, accessToken: token(), secret: null });
/** The webhook's mapping of the same item: reconciliation must produce the same event (Graph times are in whole seconds). */
const viaWebhook = (payload: unknown): Omit<InboundEvent, "sentAt"> => {
  const { sentAt: _ignored, ...rest } = parseMetaDelivery(metaJson(payload)).events[0]!;
  return rest;
};
const withoutTime = (events: InboundEvent[]) => events.map(({ sentAt: _ignored, ...rest }) => rest);
const graphCalls = (since: number) => meta.requests.filter((r) => r.at >= since && r.route !== undefined).length;

describe("reconcileMeta (Facebook)", () => {
  it("recovers dropped DMs and comments with the webhook's ids and shape, skipping the Page's own and older items", async () => {
    const dm = await meta.simulateInbound({ type: "messenger-message", text: "Is the blue bike in stock?", pageId }, { drop: true });
    const comment = await meta.simulateInbound({ type: "facebook-comment", text: "Price?", pageId }, { drop: true });
    await meta.simulateInbound({ type: "facebook-comment", text: "Thanks for asking!", pageId, from: { id: pageId, name: "Owen Bikes" } }, { drop: true });
    meta.store.dms.push({ mid: `m_page_${randomInt(1e9)}`, platform: "messenger", pageId, customerId: dm.customerId!, fromPage: true, text: "Yes it is", createdAt: Date.now() });
    await meta.simulateInbound({ type: "messenger-message", text: "old", pageId, at: Date.now() - FIRST_LOOKBACK_MS - 10 * 60_000 }, { drop: true });

    const started = Date.now();
    const result = await reconcileMeta("FACEBOOK", facebook(), null, { config });
    expect(withoutTime(result.events)).toEqual(expect.arrayContaining([viaWebhook(dm.payload), viaWebhook(comment.payload)]));
    expect(result.events).toHaveLength(2);
    expect(result.calls.total).toBe(graphCalls(started));
    expect(result.calls).toMatchObject({ conversations: 1, feed: 1 });
    expect(result.retryAfterSeconds).toBeNull();

    // The next run, from the stored cursor, hands out only what is new.
    const again = await reconcileMeta("FACEBOOK", facebook(), result.cursor, { config });
    expect(again.events).toEqual([]);
    const later = await meta.simulateInbound({ type: "messenger-message", text: "Hello again", pageId, customerId: dm.customerId }, { drop: true });
    const third = await reconcileMeta("FACEBOOK", facebook(), again.cursor, { config });
    expect(third.events.map((e) => e.platformMessageId)).toEqual([later.id]);
  });

  it("follows paging within its page budget", async () => {
    const customers = Array.from({ length: 30 }, () => `2${randomInt(1e9, 1e10)}`);
    for (const customerId of customers) await meta.simulateInbound({ type: "messenger-message", text: "hi", pageId, customerId }, { drop: true });
    const all = await reconcileMeta("FACEBOOK", facebook(), null, { config });
    expect(customers.every((id) => all.events.some((e) => e.sender.platformUserId === id))).toBe(true);
    expect(all.calls.conversations).toBe(2);
    const bounded = await reconcileMeta("FACEBOOK", facebook(), null, { config, maxPages: 1 });
    expect(bounded.calls.conversations).toBe(1);
  });

  it("throws before handing anything out when the Graph API is down or rate-limits", async () => {
    await meta.simulateInbound({ type: "messenger-message", text: "lost?", pageId }, { drop: true });
    meta.faults.inject("conversations", { kind: "server-error" });
    await expect(reconcileMeta("FACEBOOK", facebook(), null, { config })).rejects.toBeInstanceOf(MetaGraphUnavailableError);
    meta.faults.inject("feed", { kind: "rate-limit", code: 32 });
    await expect(reconcileMeta("FACEBOOK", facebook(), null, { config })).rejects.toBeInstanceOf(ChannelRateLimitedError);
  });
});

describe("reconcileMeta (Instagram)", () => {
  it("reads the linked Page's Instagram conversations and the account's media comments, caching the Page id in the cursor", async () => {
    const dm = await meta.simulateInbound({ type: "instagram-message", text: "Do you ship to Oslo?", pageId }, { drop: true });
    const comment = await meta.simulateInbound({ type: "instagram-comment", text: "Love it", pageId }, { drop: true });
    await meta.simulateInbound({ type: "instagram-comment", text: "our own", pageId, from: { id: igId, name: "owenbikes" } }, { drop: true });

    const first = await reconcileMeta("INSTAGRAM", instagram(), null, { config });
    expect(withoutTime(first.events)).toEqual(expect.arrayContaining([viaWebhook(dm.payload), viaWebhook(comment.payload)]));
    expect(first.events).toHaveLength(2);
    expect(first.calls["page.lookup"]).toBe(1);
    expect(parseReconcileCursor(first.cursor, Date.now()).pageId).toBe(pageId);

    const second = await reconcileMeta("INSTAGRAM", instagram(), first.cursor, { config });
    expect(second.events).toEqual([]);
    expect(second.calls["page.lookup"]).toBeUndefined();
  });
});
