import { randomInt } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReplySource } from "@/generated/prisma/client";
import { decrypt, encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { bindJobHandlers } from "@/server/infra/jobs/bind-handlers";
import { PermanentJobError } from "@/server/infra/queue/define-job";
import { publishJobs } from "@/server/infra/runtime/queue";
import { ingestEvent } from "@/server/pipeline/ingest-event";
import { WINDOW_CLOSED_FLAG } from "@/server/pipeline/deliver-reply";
import { startFakeMeta, type FakeMeta } from "../fakes/meta/server";
import { startFakeX, type FakeX } from "../fakes/x/server";
import { batchItems, errorOf } from "../helpers/pipeline-batches";
import { createPipelineWorkspace } from "../helpers/pipeline";

/**
 * The send path's token and limit handling against the X and Graph fakes: the `send-reply`
 * batch handler on replies queued in the database. Publishing is stubbed (no queue runs here),
 * so the delayed re-publish of a rate-limited reply is visible on the mock.
 */
vi.mock("@/server/infra/runtime/queue", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/server/infra/runtime/queue")>();
  return { ...actual, publishJobs: vi.fn(async (_name: string, items: ReadonlyArray<unknown>) => items.map(() => ({ id: null, deduplicated: false }))) };
});

const HOUR = 3_600_000;
const ENV_KEYS = ["X_API_URL", "X_CLIENT_ID", "X_CLIENT_SECRET", "META_APP_SECRET", "META_GRAPH_URL", "META_GRAPH_VERSION"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

let x: FakeX;
let meta: FakeMeta;
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
let pageId: string;
let fbChannelId: string;

/** Every log line the handler writes, to check that no token ever appears in one. */
const logLines: string[] = [];
const log = pino({ level: "debug" }, new Writable({ write: (chunk: Buffer, _enc, done) => void (logLines.push(chunk.toString()), done()) }));
const registry = bindJobHandlers({ publish: publishJobs });
const handle = (replyIds: string[]) =>
  registry.get("send-reply")!.batch!.handle(batchItems(replyIds.map((replyId) => ({ workspaceId: ws.workspaceId, replyId }))), { log, signal: new AbortController().signal });

beforeAll(async () => {
  x = await startFakeX({ account: { id: `17${randomInt(1e9, 1e10)}${randomInt(1e6, 1e7)}`, name: "Owen Bikes", username: "owenbikes" } });
  pageId = `10${randomInt(1e9, 1e10)}`;
  meta = await startFakeMeta({ pages: [{ id: pageId, name: "Owen Bikes", instagram: { username: "owenbikes" } }] });
  Object.assign(process.env, { X_API_URL: x.url, X_CLIENT_ID: x.clientId, X_CLIENT_SECRET: x.clientSecret, META_APP_SECRET: meta.appSecret, META_GRAPH_URL: meta.url, META_GRAPH_VERSION: meta.version });
  resetEnvCache();
  ws = await createPipelineWorkspace();
  const page = meta.store.pages[0]!;
  fbChannelId = (await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
    tx.channel.create({ data: { workspaceId: ws.workspaceId, platform: "FACEBOOK", externalId: page.id, name: page.name, accessTokenEnc: encrypt(page.accessToken) } }),
  )).id;
});

afterAll(async () => {
  await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.updateMany({ where: { platform: { in: ["X", "FACEBOOK"] } }, data: { status: "DISCONNECTED" } }));
  await Promise.all([x.close(), meta.close()]);
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvCache();
});

beforeEach(() => {
  x.faults.clear();
  meta.faults.clear();
  vi.mocked(publishJobs).mockClear();
});

/** An X channel (its own externalId) with fake-issued tokens stored as expiring at `expiresAt`. */
async function xChannel(expiresAt = new Date(Date.now() + HOUR)) {
  const t = x.issueTokens();
  const tokens = { access: String(t.access_token), refresh: String(t.refresh_token) };
  const externalId = `18${randomInt(1e9, 1e10)}${randomInt(1e6, 1e7)}`;
  const channel = await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
    tx.channel.create({ data: { workspaceId: ws.workspaceId, platform: "X", externalId, name: "Owen Bikes", accessTokenEnc: encrypt(tokens.access), refreshTokenEnc: encrypt(tokens.refresh), tokenExpiresAt: expiresAt } }),
  );
  return { id: channel.id, externalId, tokens };
}

/** An inbound message stored as ingest stores it, and a QUEUED reply to it. */
async function queuedReply(o: { platform: "X" | "FACEBOOK"; channelExternalId: string; customerId: string; text: string; source?: ReplySource; inboundAt?: Date }): Promise<string> {
  const inbound = await ingestEvent({
    platform: o.platform, channelExternalId: o.channelExternalId, platformMessageId: `m-${randomInt(1e9, 1e10)}`, threadId: o.customerId, kind: "DM",
    sender: { platformUserId: o.customerId, displayName: "Sam Customer" }, text: "Is the blue bike still available?", sentAt: o.inboundAt ?? new Date(),
  });
  if (inbound.status !== "stored") throw new Error(`inbound not stored: ${inbound.status}`);
  return withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
    const message = await tx.message.findUniqueOrThrow({ where: { id: inbound.messageId } });
    const source = o.source ?? "AI";
    const reply = await tx.reply.create({
      data: { workspaceId: ws.workspaceId, conversationId: message.conversationId, inReplyToId: message.id, source, status: "QUEUED", textEnc: encrypt(o.text), ...(source === "AI" ? {} : { authorId: ws.members.ADMIN.userId }) },
    });
    return reply.id;
  });
}
const xDm = async (ch: { externalId: string }, text: string) => queuedReply({ platform: "X", channelExternalId: ch.externalId, customerId: x.addUser({ name: "Sam", username: `sam_${randomInt(1e6, 1e7)}` }).id, text });
async function fbDm(text: string, o: { source?: ReplySource; hoursAgo?: number } = {}) {
  const at = Date.now() - (o.hoursAgo ?? 0) * HOUR;
  const inbound = await meta.simulateInbound({ type: "messenger-message", text: "Is the blue bike still available?", pageId, at });
  return queuedReply({ platform: "FACEBOOK", channelExternalId: pageId, customerId: inbound.customerId!, text, source: o.source, inboundAt: new Date(at) });
}
const reply = (id: string) => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findUniqueOrThrow({ where: { id } }));
const channel = (id: string) => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.findUniqueOrThrow({ where: { id } }));
const dmsWith = (text: string) => x.store.dmEvents.filter((e) => e.text === text && e.senderId === x.account.id);
const usedRefreshTokens = () => [...x.store.refreshTokens.values()].filter((r) => r.used).length;
const metaSendsWith = (text: string) => meta.store.sent.filter((s) => (JSON.parse(s.params.message ?? "{}") as { text?: string }).text === text);

describe("send-reply: tokens", () => {
  it("a 401 on send refreshes the token once and resends once: sent, channel still ACTIVE", async () => {
    const ch = await xChannel();
    const id = await xDm(ch, "Yes, the blue bike is in stock.");
    const used = usedRefreshTokens();
    x.faults.inject("dm.send", { kind: "auth" });

    expect(await handle([id])).toEqual([{ ok: true }]);
    expect(await reply(id)).toMatchObject({ status: "SENT", error: null, attempts: 1 });
    expect(dmsWith("Yes, the blue bike is in stock.")).toHaveLength(1);
    expect(usedRefreshTokens() - used).toBe(1);
    const row = await channel(ch.id);
    expect(row.status).toBe("ACTIVE");
    expect(decrypt(row.accessTokenEnc!)).not.toBe(ch.tokens.access);
  });

  it("five concurrent sends on an expired single-use refresh token: one refresh, five replies sent once each", async () => {
    const ch = await xChannel(new Date(Date.now() - 60_000));
    const texts = Array.from({ length: 5 }, (_, i) => `Concurrent answer ${i} ${randomInt(1e6, 1e7)}`);
    const ids = await Promise.all(texts.map((t) => xDm(ch, t)));
    const used = usedRefreshTokens();

    const results = await Promise.all(ids.map((id) => handle([id])));
    expect(results).toEqual(Array(5).fill([{ ok: true }]));
    expect(usedRefreshTokens() - used).toBe(1);
    for (const t of texts) expect(dmsWith(t)).toHaveLength(1);
    expect((await channel(ch.id)).status).toBe("ACTIVE");
    // A replay sends nothing again.
    expect(await handle(ids)).toEqual(Array(5).fill({ ok: true }));
    for (const t of texts) expect(dmsWith(t)).toHaveLength(1);
  });

  it("a spent refresh token: the reply fails, the channel needs re-auth (one audit entry), nothing is sent", async () => {
    const ch = await xChannel(new Date(Date.now() - 60_000));
    x.store.refreshTokens.get(ch.tokens.refresh)!.used = true;
    const [a, b] = [await xDm(ch, "Reply A after revoke"), await xDm(ch, "Reply B after revoke")];

    const results = await handle([a, b]);
    for (const r of results) expect(errorOf(r)).toMatchObject({ code: "ChannelNeedsReauthError" });
    expect(await reply(a)).toMatchObject({ status: "FAILED" });
    expect(dmsWith("Reply A after revoke")).toHaveLength(0);
    expect((await channel(ch.id)).status).toBe("NEEDS_REAUTH");
    const audit = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.findMany({ where: { action: "channel.needs_reauth", targetId: ch.id } }));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.metadata).toEqual({ reason: "refresh_rejected" });
  });

  it("a token refused again right after a refresh marks the channel NEEDS_REAUTH", async () => {
    const ch = await xChannel();
    const id = await xDm(ch, "Refused twice");
    x.faults.inject("dm.send", { kind: "auth" }, { times: 2 });
    expect(errorOf((await handle([id]))[0])).toBeInstanceOf(PermanentJobError);
    expect(await reply(id)).toMatchObject({ status: "FAILED" });
    expect((await channel(ch.id)).status).toBe("NEEDS_REAUTH");
  });

  it("a transient refresh failure puts the reply back to QUEUED for the job's retry, channel untouched", async () => {
    const ch = await xChannel(new Date(Date.now() - 60_000));
    const id = await xDm(ch, "Sent once X is back");
    x.faults.inject("oauth.token", { kind: "server-error", status: 503 });
    const [result] = await handle([id]);
    expect(errorOf(result)).toMatchObject({ name: "TokenRefreshUnavailableError" });
    expect(errorOf(result)).not.toBeInstanceOf(PermanentJobError);
    expect(await reply(id)).toMatchObject({ status: "QUEUED" });
    expect((await channel(ch.id)).status).toBe("ACTIVE");
    expect(await handle([id])).toEqual([{ ok: true }]);
    expect(dmsWith("Sent once X is back")).toHaveLength(1);
  });

  it("a Page token Meta rejects (190, no refresh token) fails the reply and marks the channel", async () => {
    const id = await fbDm("Answer on a revoked page");
    meta.faults.inject("send", { kind: "auth" });
    expect(errorOf((await handle([id]))[0])).toMatchObject({ code: "ChannelAuthError" });
    expect(await reply(id)).toMatchObject({ status: "FAILED" });
    expect((await channel(fbChannelId)).status).toBe("NEEDS_REAUTH");
    const audit = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.findMany({ where: { action: "channel.needs_reauth", targetId: fbChannelId } }));
    expect(audit.map((a) => a.metadata)).toEqual([{ reason: "send_rejected" }]);
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.update({ where: { id: fbChannelId }, data: { status: "ACTIVE" } }));
  });
});

describe("send-reply: rate limits", () => {
  it("X 429 with a reset: back to QUEUED (not FAILED), re-published no sooner than the reset, then sent", async () => {
    const ch = await xChannel();
    const id = await xDm(ch, "Answer after the rate limit");
    x.faults.inject("dm.send", { kind: "rate-limit", resetInSeconds: 120 });

    expect(await handle([id])).toEqual([{ ok: true }]);
    expect(await reply(id)).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect((await reply(id)).error).toMatch(/Rate-limited by the platform; retrying in 1(19|2[01]) s/);
    expect(dmsWith("Answer after the rate limit")).toHaveLength(0);
    const delayed = vi.mocked(publishJobs).mock.calls.filter(([name]) => name === "send-reply");
    expect(delayed).toHaveLength(1);
    const [item] = delayed[0]![1] as unknown as Array<{ payload: unknown; opts: { delaySeconds: number; dedupId: string } }>;
    expect(item!.payload).toEqual({ workspaceId: ws.workspaceId, replyId: id });
    expect(item!.opts.delaySeconds).toBeGreaterThanOrEqual(119);
    expect(item!.opts.dedupId).toBe(`${id}.rate-limited.1`);

    // The delayed job runs: sent once.
    expect(await handle([id])).toEqual([{ ok: true }]);
    expect(await reply(id)).toMatchObject({ status: "SENT", attempts: 2 });
    expect(dmsWith("Answer after the rate limit")).toHaveLength(1);
  });

  it("Meta 613: back to QUEUED with Meta's time to regain access", async () => {
    const id = await fbDm("Answer after Meta's limit");
    meta.faults.inject("send", { kind: "rate-limit", code: 613, resetInSeconds: 600 });
    expect(await handle([id])).toEqual([{ ok: true }]);
    expect(await reply(id)).toMatchObject({ status: "QUEUED" });
    const opts = (vi.mocked(publishJobs).mock.calls.at(-1)![1] as unknown as Array<{ opts: { delaySeconds: number } }>)[0]!.opts;
    expect(opts.delaySeconds).toBe(600);
  });
});

describe("send-reply: Meta's 24-hour window", () => {
  it("an automated reply 30 h after the customer's message becomes a DRAFT with the note, not FAILED", async () => {
    const id = await fbDm("Automated answer, too late", { hoursAgo: 30 });
    expect(await handle([id])).toEqual([{ ok: true }]);
    const row = await reply(id);
    expect(row).toMatchObject({ status: "DRAFT", error: null, sentAt: null });
    expect(row.flags).toContain(WINDOW_CLOSED_FLAG);
    expect(metaSendsWith("Automated answer, too late")).toHaveLength(0);
  });

  it("a person's own reply 30 h after is sent with the HUMAN_AGENT tag", async () => {
    const id = await fbDm("A person answering late", { source: "HUMAN", hoursAgo: 30 });
    expect(await handle([id])).toEqual([{ ok: true }]);
    expect(await reply(id)).toMatchObject({ status: "SENT" });
    const [sent] = metaSendsWith("A person answering late");
    expect(sent!.params).toMatchObject({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
    const audit = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.findFirstOrThrow({ where: { action: "reply.sent", targetId: id } }));
    expect(audit.metadata).toMatchObject({ humanAgent: true, source: "HUMAN" });
  });

  it("a person's reply inside 24 h goes as a plain RESPONSE", async () => {
    const id = await fbDm("A person answering on time", { source: "HUMAN", hoursAgo: 2 });
    expect(await handle([id])).toEqual([{ ok: true }]);
    expect(metaSendsWith("A person answering on time")[0]!.params).toMatchObject({ messaging_type: "RESPONSE" });
  });

  it("a person's reply after 8 days fails without a platform call", async () => {
    const id = await fbDm("A person answering far too late", { source: "HUMAN", hoursAgo: 8 * 24 });
    const calls = meta.requests.length;
    expect(errorOf((await handle([id]))[0])).toMatchObject({ code: "ChannelRejectedError" });
    expect((await reply(id)).error).toMatch(/no longer allows a reply/);
    expect(meta.requests.length).toBe(calls);
  });
});

describe("send-reply: secrets", () => {
  it("no access or refresh token appears in a log line or a stored error", async () => {
    const all = [...x.store.accessTokens.keys(), ...x.store.refreshTokens.keys(), meta.store.pages[0]!.accessToken];
    expect(logLines.length).toBeGreaterThan(0);
    const logged = logLines.join("\n");
    for (const token of all) expect(logged).not.toContain(token);
    const errors = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findMany({ where: { error: { not: null } }, select: { error: true } }));
    const stored = errors.map((e) => e.error).join("\n");
    for (const token of all) expect(stored).not.toContain(token);
  });
});
