import { randomInt } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeMeta, type FakeMeta } from "../../../../tests/fakes/meta/server";
import { ChannelAuthError, type ChannelCredentials } from "../connector";
import type { MetaGraphConfig } from "./meta-config";
import { ensureMetaSubscription, PAGE_WEBHOOK_FIELDS, subscribeMetaAccount, unsubscribeMetaAccount } from "./reconcile-subscription";

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
  vi.restoreAllMocks();
  meta.faults.clear();
});

const credentials = (externalId: string): ChannelCredentials => ({ channelId: "ch", externalId, accessToken: meta.store.pages[0]!.accessToken, secret: null });

describe("the Meta webhook subscription", () => {
  it("subscribes the Page (Facebook, or the Page behind an Instagram account) and unsubscribes it", async () => {
    await subscribeMetaAccount("FACEBOOK", credentials(pageId), { config });
    expect(meta.store.subscriptions.get(pageId)).toEqual([...PAGE_WEBHOOK_FIELDS]);
    await unsubscribeMetaAccount("INSTAGRAM", credentials(igId), { config });
    expect(meta.store.subscriptions.has(pageId)).toBe(false);
    await subscribeMetaAccount("INSTAGRAM", credentials(igId), { config });
    expect(meta.store.subscriptions.get(pageId)).toEqual([...PAGE_WEBHOOK_FIELDS]);
  });

  it("reports a present subscription, and re-subscribes one that drifted away or lost fields", async () => {
    await subscribeMetaAccount("FACEBOOK", credentials(pageId), { config });
    expect(await ensureMetaSubscription("FACEBOOK", credentials(pageId), { config, appId: meta.appId })).toEqual({ status: "subscribed", calls: 1 });

    meta.unsubscribeApp(pageId);
    expect(await ensureMetaSubscription("FACEBOOK", credentials(pageId), { config, appId: meta.appId })).toEqual({ status: "resubscribed", calls: 2 });
    expect(meta.store.subscriptions.get(pageId)).toEqual([...PAGE_WEBHOOK_FIELDS]);

    meta.store.subscriptions.set(pageId, ["messages"]);
    expect(await ensureMetaSubscription("INSTAGRAM", credentials(igId), { config, pageId })).toEqual({ status: "resubscribed", calls: 2 });
    // Another app installed on the Page is not ours.
    expect(await ensureMetaSubscription("FACEBOOK", credentials(pageId), { config, appId: "999" })).toMatchObject({ status: "resubscribed" });
  });

  it("reports a refused re-subscription as definitive, and throws auth errors for the caller", async () => {
    meta.unsubscribeApp(pageId);
    const realFetch = globalThis.fetch;
    // Meta refusing the POST for a missing permission (code 200), the GET answering normally.
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      if (init?.method === "POST" && String(input).includes("/subscribed_apps")) {
        return new Response(JSON.stringify({ error: { message: "(#200) Permissions error", type: "OAuthException", code: 200, fbtrace_id: "AbC" } }), { status: 403 });
      }
      return realFetch(input, init);
    });
    const check = await ensureMetaSubscription("FACEBOOK", credentials(pageId), { config });
    expect(check).toMatchObject({ status: "failed", definitive: true, calls: 2 });
    expect(JSON.stringify(check)).not.toContain(meta.store.pages[0]!.accessToken);

    meta.faults.inject("subscribed_apps", { kind: "auth" });
    await expect(ensureMetaSubscription("FACEBOOK", credentials(pageId), { config })).rejects.toBeInstanceOf(ChannelAuthError);
  });
});
