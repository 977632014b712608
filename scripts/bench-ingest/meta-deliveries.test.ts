import { describe, expect, it } from "vitest";
import { parseMetaDelivery, verifyMetaDelivery } from "../../src/server/channels/meta/meta-connector";
import { benchPageId, createDeliveries } from "./meta-deliveries";

const appSecret = "bench-secret-0123456789";

describe("bench deliveries", () => {
  it("are signed over the exact bytes and parse into one new message per entry", () => {
    const deliveries = createDeliveries({ run: "42", pages: 3, entriesPerBody: 20, appSecret });
    const d = deliveries.next();
    expect(verifyMetaDelivery(d.body, new Headers({ "x-hub-signature-256": d.signature }), appSecret)).toBe(true);
    expect(verifyMetaDelivery(d.body, new Headers({ "x-hub-signature-256": d.signature }), `${appSecret}x`)).toBe(false);
    const parsed = parseMetaDelivery(d.body);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.events).toHaveLength(20);
    expect(new Set(parsed.events.map((e) => e.channelExternalId))).toEqual(new Set([0, 1, 2].map(benchPageId)));
  });

  it("never repeat a mid, and every fifth round of a Page repeats the previous round's customer", () => {
    const pages = 2;
    const deliveries = createDeliveries({ run: "7", pages, entriesPerBody: 1, appSecret });
    const events = Array.from({ length: 20 }, () => parseMetaDelivery(deliveries.next().body).events[0]!);
    expect(new Set(events.map((e) => e.platformMessageId)).size).toBe(20);
    // Page 0 gets messages 0, 2, 4, ...: rounds 0..9; round 4 repeats round 3's customer, round 9 round 8's.
    const page0 = events.filter((e) => e.channelExternalId === benchPageId(0)).map((e) => e.sender.platformUserId);
    expect(page0[4]).toBe(page0[3]);
    expect(page0[9]).toBe(page0[8]);
    expect(new Set(page0).size).toBe(8);
    expect(deliveries.built).toBe(20);
  });
});
