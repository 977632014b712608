import { createHmac, randomInt } from "node:crypto";
import { metaGrantHash } from "@/server/channels/meta/grant-hash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decrypt, encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { startQueue, stopQueue } from "@/server/infra/runtime/queue";
import { metaJson, signMetaBody } from "../fakes/meta/deliver-webhook";
import * as p from "../fakes/meta/webhook-payloads";
import { createPipelineWorkspace, waitFor } from "../helpers/pipeline";

/**
 * Platform updates end to end: Meta's documented webhook bodies (tests/fakes/meta/webhook-payloads.ts),
 * signed with the app secret and POSTed to /api/webhooks/<platform>, change what the inbox shows:
 * a customer's edit and deletion (with the agents' draft for it), a colleague's message sent from
 * Meta's own inbox, delivery and read receipts of our replies.
 */
const APP_SECRET = "channel-updates-app-secret-0001";
const saved = process.env.META_APP_SECRET;
type Ws = Awaited<ReturnType<typeof createPipelineWorkspace>> & { pageId: string; igId: string };
let ws: Ws;

async function post(slug: "facebook" | "instagram", payload: unknown) {
  const { POST } = await import("@/app/api/webhooks/[platform]/route");
  const raw = metaJson(payload);
  const headers = new Headers({ "content-type": "application/json", "x-hub-signature-256": signMetaBody(raw, APP_SECRET).sha256, "x-forwarded-for": `10.9.${randomInt(250)}.${randomInt(250)}` });
  const res = await POST(new Request(`http://localhost/api/webhooks/${slug}`, { method: "POST", body: raw, headers }), { params: Promise.resolve({ platform: slug }) });
  return res.status;
}

async function metaWorkspace(): Promise<Ws> {
  const base = await createPipelineWorkspace({ autoReplyEnabled: false });
  const pageId = `12${randomInt(1e9, 1e10)}`;
  const igId = `179${randomInt(1e9, 1e10)}`;
  await withTenant({ workspaceId: base.workspaceId }, async (tx) => {
    await tx.channel.create({ data: { workspaceId: base.workspaceId, platform: "FACEBOOK", externalId: pageId, name: "Owen Bikes", accessTokenEnc: encrypt("page-token") } });
    await tx.channel.create({ data: { workspaceId: base.workspaceId, platform: "INSTAGRAM", externalId: igId, name: "owenbikes", accessTokenEnc: encrypt("page-token"), metadata: { pageId } } });
  });
  return { ...base, pageId, igId };
}

const messageBy = (w: Ws, platformMessageId: string) =>
  withTenant({ workspaceId: w.workspaceId }, (tx) => tx.message.findFirst({ where: { platformMessageId } }));
const draftFor = (w: Ws, messageId: string) =>
  waitFor(() => withTenant({ workspaceId: w.workspaceId }, (tx) => tx.reply.findFirst({ where: { aiForMessageId: messageId } })), 30_000, "the agents' draft");
const mid = (label: string) => `m_${label}_${randomInt(1e9, 1e10)}`;

beforeAll(async () => {
  process.env.META_APP_SECRET = APP_SECRET;
  resetEnvCache();
  await startQueue();
  ws = await metaWorkspace();
});

afterAll(async () => {
  await stopQueue();
  if (saved === undefined) delete process.env.META_APP_SECRET;
  else process.env.META_APP_SECRET = saved;
  resetEnvCache();
});

describe("Messenger message_edits", () => {
  it("the edited text replaces the stored one and the agents' draft for the old text is marked stale", async () => {
    const m = mid("edit");
    expect(await post("facebook", p.messengerMessage({ pageId: ws.pageId, customerId: "2101", mid: m, text: "How much is the Pro plan per month?" }))).toBe(200);
    const stored = await waitFor(() => messageBy(ws, m), 10_000, "stored message");
    const draft = await draftFor(ws, stored.id);
    expect(draft.status).toBe("DRAFT");

    expect(await post("facebook", p.messageEdit({ accountId: ws.pageId, customerId: "2101", mid: m, text: "How much is the Pro plan per year?" }))).toBe(200);
    const edited = await messageBy(ws, m);
    expect(decrypt(edited!.textEnc!)).toBe("How much is the Pro plan per year?");
    expect(edited!.editedAt).toBeInstanceOf(Date);
    const stale = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findUniqueOrThrow({ where: { id: draft.id } }));
    expect(stale.flags).toContain("draft: the customer edited their message after this reply was written");
    // Redelivered: 200 and nothing changes.
    expect(await post("facebook", p.messageEdit({ accountId: ws.pageId, customerId: "2101", mid: m, text: "How much is the Pro plan per year?" }))).toBe(200);
    expect((await messageBy(ws, m))!.editedAt).toEqual(edited!.editedAt);
  });

  it("an edit that arrives in the same delivery as its message is applied to it", async () => {
    const m = mid("same");
    const body = p.batch(p.messengerMessage({ pageId: ws.pageId, customerId: "2102", mid: m, text: "typo" }), p.messageEdit({ accountId: ws.pageId, customerId: "2102", mid: m, text: "fixed" }));
    expect(await post("facebook", body)).toBe(200);
    expect(decrypt((await messageBy(ws, m))!.textEnc!)).toBe("fixed");
  });
});

describe("Instagram unsend (message.is_deleted)", () => {
  it("removes the text, discards the agents' draft, and never sends a reply to it", async () => {
    const m = mid("ig_del");
    expect(await post("instagram", p.instagramMessage({ igId: ws.igId, pageId: ws.pageId, customerId: "3101", mid: m, text: "Do you ship to Lyon? Call me on 06 12 34 56 78" }))).toBe(200);
    const stored = await waitFor(() => messageBy(ws, m), 10_000, "stored message");
    const draft = await draftFor(ws, stored.id);
    expect(await post("instagram", p.instagramDeleted({ igId: ws.igId, customerId: "3101", mid: m }))).toBe(200);
    const deleted = await messageBy(ws, m);
    expect(deleted).toMatchObject({ textEnc: null, status: "PROCESSED" });
    expect(deleted!.deletedAt).toBeInstanceOf(Date);
    expect((await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findUniqueOrThrow({ where: { id: draft.id } }))).status).toBe("DISCARDED");
  });

  it("a deletion that overtakes processing leaves the message unanswered", async () => {
    const m = mid("ig_fast");
    const body = p.batch(p.instagramMessage({ igId: ws.igId, pageId: ws.pageId, customerId: "3102", mid: m, text: "What does the Pro plan cost?" }), p.instagramDeleted({ igId: ws.igId, customerId: "3102", mid: m }));
    expect(await post("instagram", body)).toBe(200);
    const stored = (await messageBy(ws, m))!;
    expect(stored.deletedAt).toBeInstanceOf(Date);
    // Give the queued process-message job time to run: it finds the message settled and writes nothing.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.count({ where: { inReplyToId: stored.id, status: { not: "DISCARDED" } } }))).toBe(0);
    expect((await messageBy(ws, m))!.textEnc).toBeNull();
  });
});

describe("message_echoes, message_deliveries, message_reads", () => {
  it("stores what a colleague sent from Meta's inbox as an OUTBOUND message once, and marks our replies delivered and read", async () => {
    const first = mid("thread");
    expect(await post("facebook", p.messengerMessage({ pageId: ws.pageId, customerId: "2201", mid: first, text: "Hello" }))).toBe(200);
    const stored = await waitFor(() => messageBy(ws, first), 10_000, "stored message");
    const echoMid = mid("suite");
    const echo = p.messengerEcho({ pageId: ws.pageId, customerId: "2201", mid: echoMid, text: "Hi, Ana here from the shop!", appId: "263902037430900" });
    expect(await post("facebook", echo)).toBe(200);
    expect(await post("facebook", echo)).toBe(200);
    const outbound = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findMany({ where: { platformMessageId: echoMid } }));
    expect(outbound).toHaveLength(1);
    expect(outbound[0]).toMatchObject({ direction: "OUTBOUND", conversationId: stored.conversationId });

    const ourMid = mid("ours");
    const sentAt = new Date(Date.now() - 5_000);
    const ours = await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
      tx.reply.create({ data: { workspaceId: ws.workspaceId, conversationId: stored.conversationId, inReplyToId: stored.id, source: "HUMAN", status: "SENT", textEnc: encrypt("On it!"), platformMessageId: ourMid, sentAt } }),
    );
    expect(await post("facebook", p.messengerEcho({ pageId: ws.pageId, customerId: "2201", mid: ourMid, text: "On it!", appId: "1234", at: sentAt.getTime() - 200 }))).toBe(200);
    expect(await post("facebook", p.messengerDelivery({ pageId: ws.pageId, customerId: "2201", mids: [ourMid], watermark: sentAt.getTime() - 200 }))).toBe(200);
    let row = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findUniqueOrThrow({ where: { id: ours.id } }));
    expect(row.confirmedAt).toEqual(new Date(sentAt.getTime() - 200));
    expect(row.deliveredAt).toBeInstanceOf(Date);
    expect(row.readAt).toBeNull();
    expect(await post("facebook", p.messengerRead({ pageId: ws.pageId, customerId: "2201", watermark: sentAt.getTime() - 200 }))).toBe(200);
    row = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findUniqueOrThrow({ where: { id: ours.id } }));
    expect(row.readAt).toBeInstanceOf(Date);
  });
});

describe("bad input", () => {
  it("answers 200 to updates for unknown channels and messages, and applies the valid items of the same delivery", async () => {
    const m = mid("valid");
    expect(await post("facebook", p.messengerMessage({ pageId: ws.pageId, customerId: "2301", mid: m, text: "before" }))).toBe(200);
    await waitFor(() => messageBy(ws, m), 10_000, "stored message");
    const body = p.batch(
      p.messageEdit({ accountId: "999000111", customerId: "2301", mid: "m_unknown_page", text: "x" }),
      p.messageEdit({ accountId: ws.pageId, customerId: "2301", mid: "m_we_never_got", text: "x" }),
      p.messengerRead({ pageId: ws.pageId, customerId: "no-such-thread", watermark: Date.now() }),
      p.messageEdit({ accountId: ws.pageId, customerId: "2301", mid: m, text: "after" }),
    ) as unknown as { entry: Array<{ messaging: unknown[] }> };
    body.entry[0]!.messaging.push({ sender: { id: "2301" }, recipient: { id: ws.pageId }, read: { watermark: "yesterday" } });
    expect(await post("facebook", body)).toBe(200);
    expect(decrypt((await messageBy(ws, m))!.textEnc!)).toBe("after");
  });

  it("applies a delivery that spans two workspaces in each of them", async () => {
    const other = await metaWorkspace();
    const a = mid("ws_a");
    const b = mid("ws_b");
    expect(await post("facebook", p.batch(p.messengerMessage({ pageId: ws.pageId, customerId: "2401", mid: a, text: "a" }), p.messengerMessage({ pageId: other.pageId, customerId: "2401", mid: b, text: "b" })))).toBe(200);
    expect(await post("facebook", p.batch(p.messageEdit({ accountId: ws.pageId, customerId: "2401", mid: a, text: "a2" }), p.messageEdit({ accountId: other.pageId, customerId: "2401", mid: b, text: "b2" })))).toBe(200);
    expect(decrypt((await messageBy(ws, a))!.textEnc!)).toBe("a2");
    expect(decrypt((await messageBy(other, b))!.textEnc!)).toBe("b2");
  });
});

describe("Meta's Deauthorize Callback (POST /api/webhooks/meta/deauthorize)", () => {
  const signedRequest = (payload: unknown, key = APP_SECRET) => {
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${createHmac("sha256", key).update(body).digest("base64url")}.${body}`;
  };
  async function callback(form: Record<string, string>) {
    const { POST } = await import("@/app/api/webhooks/meta/deauthorize/route");
    const res = await POST(new Request("http://localhost/api/webhooks/meta/deauthorize", {
      method: "POST", body: new URLSearchParams(form).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `10.8.${randomInt(250)}.${randomInt(250)}` },
    }));
    return { status: res.status, body: await res.text() };
  }
  const statuses = (w: Ws) => withTenant({ workspaceId: w.workspaceId }, (tx) => tx.channel.findMany({ where: { platform: { in: ["FACEBOOK", "INSTAGRAM"] } }, orderBy: { platform: "asc" }, select: { status: true } }));

  it("marks the channels granted by the person who removed the app NEEDS_REAUTH (with the reconnect audit entry); inbound keeps being stored", async () => {
    const own = await metaWorkspace();
    const bystander = await metaWorkspace();
    const userId = `10${randomInt(1e9, 1e10)}`;
    await withTenant({ workspaceId: own.workspaceId }, (tx) => tx.channel.updateMany({ where: { platform: "FACEBOOK" }, data: { metadata: { grantedBy: metaGrantHash(userId) } } }));
    await withTenant({ workspaceId: own.workspaceId }, (tx) => tx.channel.updateMany({ where: { platform: "INSTAGRAM" }, data: { metadata: { pageId: own.pageId, grantedBy: metaGrantHash(userId) } } }));

    const res = await callback({ signed_request: signedRequest({ algorithm: "HMAC-SHA256", issued_at: Math.floor(Date.now() / 1000), user_id: userId }) });
    expect(res).toEqual({ status: 200, body: JSON.stringify({ ok: true }) });
    expect(res.body).not.toContain(userId);
    expect((await statuses(own)).map((c) => c.status)).toEqual(["NEEDS_REAUTH", "NEEDS_REAUTH"]);
    expect((await statuses(bystander)).map((c) => c.status)).toEqual(["ACTIVE", "ACTIVE"]);
    const audit = await withTenant({ workspaceId: own.workspaceId }, (tx) => tx.auditLog.count({ where: { action: "channel.needs_reauth", metadata: { equals: { reason: "deauthorized" } } } }));
    expect(audit).toBe(2);

    const m = mid("after_deauth");
    expect(await post("facebook", p.messengerMessage({ pageId: own.pageId, customerId: "2501", mid: m, text: "Still there?" }))).toBe(200);
    expect(await messageBy(own, m)).toBeTruthy();
  });

  it("refuses a request not signed with the app secret (400, nothing changes) and answers 200 for a person we hold nothing for", async () => {
    const own = await metaWorkspace();
    const userId = `10${randomInt(1e9, 1e10)}`;
    await withTenant({ workspaceId: own.workspaceId }, (tx) => tx.channel.updateMany({ where: { platform: "FACEBOOK" }, data: { metadata: { grantedBy: metaGrantHash(userId) } } }));
    const forms: Array<Record<string, string>> = [{ signed_request: signedRequest({ algorithm: "HMAC-SHA256", user_id: userId }, "not-the-app-secret-0000") }, { signed_request: "garbage" }, {}];
    for (const form of forms) {
      expect((await callback(form)).status).toBe(400);
    }
    expect((await statuses(own)).map((c) => c.status)).toEqual(["ACTIVE", "ACTIVE"]);
    expect((await callback({ signed_request: signedRequest({ algorithm: "HMAC-SHA256", user_id: "10999" }) })).status).toBe(200);
  });
});
