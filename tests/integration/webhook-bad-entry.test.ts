import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent } from "@/server/channels/inbound-event";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { stopQueue } from "@/server/infra/runtime/queue";
import { ingestEvent } from "@/server/pipeline/ingest-event";
import { isRefusedData } from "@/server/pipeline/refused-event";
import { metaJson, signMetaBody } from "../fakes/meta/deliver-webhook";
import { batch, messengerMessage } from "../fakes/meta/webhook-payloads";
import { createPipelineWorkspace, demoBody, postDemo } from "../helpers/pipeline";

/**
 * Issue 11, finding 10b: one bad event in a signed webhook batch is skipped and counted; the good
 * ones are stored and the platform gets its 200, so it does not redeliver them forever.
 */
const APP_SECRET = "meta-app-secret-for-bad-entry-tests";
const saved = process.env.META_APP_SECRET;
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
let pageId: string;

beforeAll(async () => {
  process.env.META_APP_SECRET = APP_SECRET;
  resetEnvCache();
  ws = await createPipelineWorkspace({ autoReplyEnabled: false });
  pageId = `10${randomInt(1e9, 1e10)}`;
  await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.create({ data: { workspaceId: ws.workspaceId, platform: "FACEBOOK", externalId: pageId, name: "Owen Bikes" } }));
});

afterAll(async () => {
  await stopQueue();
  if (saved === undefined) delete process.env.META_APP_SECRET;
  else process.env.META_APP_SECRET = saved;
  resetEnvCache();
});

const mid = () => `m_${randomBytes(8).toString("hex")}`;
const stored = (ids: string[]) => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count({ where: { workspaceId: ws.workspaceId, platformMessageId: { in: ids } } }));

async function deliver(payload: unknown) {
  const raw = metaJson(payload);
  const { POST } = await import("@/app/api/webhooks/[platform]/route");
  const req = new Request("http://leadline.test/api/webhooks/facebook", {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signMetaBody(raw, APP_SECRET).sha256, "x-forwarded-for": "203.0.113.9" },
    body: raw,
  });
  return POST(req, { params: Promise.resolve({ platform: "facebook" }) });
}

describe("a signed Meta batch holding one bad entry", () => {
  it("stores the good events, skips the one whose id the database would refuse, and answers 200", async () => {
    const good = [mid(), mid()];
    const payload = batch(
      messengerMessage({ pageId, customerId: "2001", mid: good[0]!, text: "Do you ship to Lyon?" }),
      // A NUL byte in the message id: valid JSON, signed, and not storable.
      messengerMessage({ pageId, customerId: "2002", mid: "m_bad\u0000id", text: "Hello" }),
      messengerMessage({ pageId, customerId: "2003", mid: good[1]!, text: "What sizes do you have?" }),
    );
    const res = await deliver(payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 2, stored: 2, duplicates: 0, skipped: 1 });
    expect(await stored(good)).toBe(2);

    // Meta's redelivery of the same batch stores nothing twice and is still acknowledged.
    const again = await deliver(payload);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: 2, stored: 0, duplicates: 2, skipped: 1 });
  });

  it("skips a malformed entry (no id) and keeps the rest", async () => {
    const good = mid();
    const payload = batch(messengerMessage({ pageId, customerId: "2004", mid: good, text: "Is the shop open on Sunday?" }));
    payload.entry.push({ time: Date.now(), messaging: [] } as unknown as (typeof payload.entry)[number]);
    const res = await deliver(payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, stored: 1, duplicates: 0, skipped: 1 });
  });

  it("still refuses a body that is not Meta's envelope at all (400) and a bad signature (401)", async () => {
    expect((await deliver({ object: "page" })).status).toBe(400);
    const raw = metaJson(batch(messengerMessage({ pageId, customerId: "2005", mid: mid(), text: "Hi" })));
    const { POST } = await import("@/app/api/webhooks/[platform]/route");
    const forged = await POST(new Request("http://leadline.test/api/webhooks/facebook", { method: "POST", headers: { "x-hub-signature-256": signMetaBody(raw, "wrong-secret-wrong-secret").sha256 }, body: raw }), {
      params: Promise.resolve({ platform: "facebook" }),
    });
    expect(forged.status).toBe(401);
  });
});

describe("events the database refuses, batched with good ones", () => {
  const event = (platformMessageId: string, threadId = `t-${randomBytes(4).toString("hex")}`): InboundEvent => ({
    platform: "DEMO", channelExternalId: ws.externalId, platformMessageId, threadId, kind: "DM",
    sender: { platformUserId: `u-${randomBytes(4).toString("hex")}` }, text: "Hello there", sentAt: new Date(),
  });

  it("fail alone: the others in the same group commit are stored", async () => {
    // Past the parser's checks (as a future connector's bug might be): one event with a NUL in its thread id.
    const good = [mid(), mid(), mid()];
    const results = await Promise.allSettled([event(good[0]!), event("bad-thread", "t-\u0000"), event(good[1]!), event(good[2]!)].map(ingestEvent));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(isRefusedData((results[1] as PromiseRejectedResult).reason)).toBe(true);
    expect(await stored(good)).toBe(3);
  });

  it("reach the demo webhook as a skip, not a 500", async () => {
    const body = JSON.parse(demoBody(ws.externalId, "Hello")) as { messageId: string };
    body.messageId = "demo-\u0001-bad";
    expect(await postDemo(ws, JSON.stringify(body))).toEqual({ received: 0, stored: 0, duplicates: 0, skipped: 1 });
  });
});
