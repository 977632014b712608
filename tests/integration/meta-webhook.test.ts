import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { AppError, toHttpStatus } from "@/server/infra/errors/app-error";
import { startQueue, stopQueue } from "@/server/infra/runtime/queue";
import { handleWebhook } from "@/server/pipeline/handle-webhook";
import { metaJson, signMetaBody } from "../fakes/meta/deliver-webhook";
import { startFakeMeta, type FakeMeta } from "../fakes/meta/server";
import { batch, messengerMessage } from "../fakes/meta/webhook-payloads";
import { createPipelineWorkspace, waitFor } from "../helpers/pipeline";

/**
 * The Meta connector end to end: signed deliveries of the Graph fake through
 * handleWebhook("facebook") (what POST /api/webhooks/facebook runs) into a FACEBOOK channel,
 * and the pipeline's auto-reply going back out through the fake's Send API.
 */
let meta: FakeMeta;
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
let pageId: string;
const saved = { secret: process.env.META_APP_SECRET, url: process.env.META_GRAPH_URL, version: process.env.META_GRAPH_VERSION };

const signed = (payload: unknown, secret = meta.appSecret) => {
  const raw = metaJson(payload);
  return { raw, headers: new Headers({ "content-type": "application/json", "x-hub-signature-256": signMetaBody(raw, secret).sha256 }) };
};
const messagesWith = (platformMessageId: string) => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count({ where: { platformMessageId } }));

beforeAll(async () => {
  pageId = `10${randomInt(1e9, 1e10)}`;
  meta = await startFakeMeta({ pages: [{ id: pageId, name: "Owen Bikes", instagram: { username: "owenbikes" } }] });
  Object.assign(process.env, { META_APP_SECRET: meta.appSecret, META_GRAPH_URL: meta.url, META_GRAPH_VERSION: meta.version });
  resetEnvCache();
  await startQueue();
  ws = await createPipelineWorkspace({ autoReplyEnabled: true, autoReplyThreshold: 0.5 });
  const page = meta.store.pages[0]!;
  await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
    tx.channel.create({ data: { workspaceId: ws.workspaceId, platform: "FACEBOOK", externalId: page.id, name: page.name, accessTokenEnc: encrypt(page.accessToken) } }),
  );
});

afterAll(async () => {
  await stopQueue();
  await meta.close();
  for (const [key, value] of [["META_APP_SECRET", saved.secret], ["META_GRAPH_URL", saved.url], ["META_GRAPH_VERSION", saved.version]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
});

describe("POST /api/webhooks/facebook through handleWebhook", () => {
  it("stores a signed Messenger message and the auto-reply goes out through the Send API", async () => {
    const inbound = await meta.simulateInbound({ type: "messenger-message", text: "Hi! How much is the Pro plan per month? I'd like to order today.", pageId });
    const { raw, headers } = signed(inbound.payload);
    expect(await handleWebhook("facebook", raw, headers)).toEqual({ received: 1, stored: 1, duplicates: 0 });
    const message = await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
      tx.message.findFirstOrThrow({ where: { platformMessageId: inbound.id }, include: { conversation: true } }),
    );
    expect(message.conversation).toMatchObject({ kind: "DM", externalThreadId: inbound.customerId });
    const reply = await waitFor(
      async () => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findFirst({ where: { inReplyToId: message.id, status: { in: ["SENT", "FAILED"] } } })),
      30_000,
      "reply sent",
    );
    expect(reply).toMatchObject({ status: "SENT" });
    const sent = meta.store.sent.find((s) => s.response.message_id === reply.platformMessageId);
    expect(sent).toMatchObject({ kind: "message", pageId, params: { messaging_type: "RESPONSE", recipient: JSON.stringify({ id: inbound.customerId }) } });
  });

  it("stores one message when Meta redelivers the same event five times concurrently", async () => {
    const inbound = await meta.simulateInbound({ type: "facebook-comment", text: "Do you deliver to Lyon?", pageId });
    const { raw, headers } = signed(inbound.payload);
    const results = await Promise.all(Array.from({ length: 5 }, () => handleWebhook("facebook", raw, headers)));
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(4);
    expect(await messagesWith(inbound.id)).toBe(1);
  });

  it("keeps the valid entries of a batch with a broken one", async () => {
    const a = messengerMessage({ pageId, customerId: "2001", mid: `m_batch_a_${randomInt(1e9)}`, text: "first" });
    const b = messengerMessage({ pageId, customerId: "2002", mid: `m_batch_b_${randomInt(1e9)}`, text: "second" });
    const body = batch(a, b) as unknown as { entry: unknown[] };
    body.entry.splice(1, 0, { id: pageId, time: "yesterday", messaging: [] });
    const { raw, headers } = signed(body);
    expect(await handleWebhook("facebook", raw, headers)).toEqual({ skipped: 1, received: 2, stored: 2, duplicates: 0 });
  });

  it("refuses a wrong or missing signature with 401 and stores nothing", async () => {
    const inbound = await meta.simulateInbound({ type: "messenger-message", text: "forged?", pageId });
    for (const headers of [signed(inbound.payload, "not-the-app-secret-000").headers, new Headers({ "content-type": "application/json" })]) {
      const error = await handleWebhook("facebook", metaJson(inbound.payload), headers).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(toHttpStatus((error as AppError).code)).toBe(401);
    }
    expect(await messagesWith(inbound.id)).toBe(0);
  });

  it("answers 400 to a signed body that is not a Meta envelope, and 404 when the app secret is not configured", async () => {
    const { raw, headers } = signed({ hello: "world" });
    await expect(handleWebhook("facebook", raw, headers)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    delete process.env.META_APP_SECRET;
    resetEnvCache();
    try {
      await expect(handleWebhook("instagram", raw, headers)).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      process.env.META_APP_SECRET = meta.appSecret;
      resetEnvCache();
    }
  });

  it("answers Meta's GET verification through the route: the challenge for the right token, 403 for a wrong one, 404 unconfigured", async () => {
    const { GET } = await import("@/app/api/webhooks/[platform]/route");
    const call = (query: string, slug = "facebook") =>
      GET(new Request(`http://localhost/api/webhooks/${slug}?${query}`), { params: Promise.resolve({ platform: slug }) });
    process.env.META_VERIFY_TOKEN = "verify-token-for-tests";
    resetEnvCache();
    try {
      const ok = await call("hub.mode=subscribe&hub.verify_token=verify-token-for-tests&hub.challenge=1158201444");
      expect([ok.status, await ok.text(), ok.headers.get("content-type")]).toEqual([200, "1158201444", "text/plain"]);
      expect((await call("hub.mode=subscribe&hub.verify_token=nope-nope-nope&hub.challenge=1")).status).toBe(403);
      expect((await call("hub.mode=unsubscribe&hub.verify_token=verify-token-for-tests&hub.challenge=1")).status).toBe(400);
      expect((await call("hub.mode=subscribe&hub.verify_token=verify-token-for-tests&hub.challenge=<script>")).status).toBe(400);
      expect((await call("hub.challenge=1", "x")).status).toBe(404); // polled: no webhook
      delete process.env.META_VERIFY_TOKEN;
      resetEnvCache();
      expect((await call("hub.mode=subscribe&hub.verify_token=verify-token-for-tests&hub.challenge=1")).status).toBe(404);
    } finally {
      delete process.env.META_VERIFY_TOKEN;
      resetEnvCache();
    }
  });
});
