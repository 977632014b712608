import { randomInt } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { demoConnector } from "@/server/channels/demo/demo-connector";
import { MetaGraphUnavailableError } from "@/server/channels/meta/graph-errors";
import { connectorFor } from "@/server/channels/registry";
import type { OutboundReply } from "@/server/channels/connector";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { bindJobHandlers } from "@/server/infra/jobs/bind-handlers";
import type { JobHandlerContext } from "@/server/infra/jobs/catalog";
import { realtime } from "@/server/infra/runtime/ports";
import { publishJobs } from "@/server/infra/runtime/queue";
import { UNKNOWN_OUTCOME_NOTE } from "@/server/pipeline/deliver-reply";
import { handleWebhook } from "@/server/pipeline/handle-webhook";
import { ingestEvent } from "@/server/pipeline/ingest-event";
import { sweepOutbox } from "@/server/pipeline/sweep-outbox";
import { startFakeMeta, type FakeMeta } from "../fakes/meta/server";
import { startReceiver } from "../fakes/meta/test-receiver";
import { callerFor } from "../helpers/factories";
import { createPipelineWorkspace } from "../helpers/pipeline";
import { batchItems, errorOf } from "../helpers/pipeline-batches";

/**
 * The send lease (issue 11, finding 5): a reply is never posted twice and never stays SENDING.
 * Replies are QUEUED in the database and sent by the real `send-reply` batch handler against the
 * Graph fake; the sweeper's re-published jobs run that same handler (no queue in this process).
 * "The worker dies after the platform accepted" is the outcome transaction failing after the
 * fake posted the message: exactly what a crash between the call and the record leaves behind.
 */
const crash = vi.hoisted(() => ({ outcomes: false, workspace: null as string | null }));

vi.mock("@/server/infra/runtime/queue", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/server/infra/runtime/queue")>();
  return { ...actual, publishJobs: vi.fn(async (_name: string, items: ReadonlyArray<unknown>) => items.map(() => ({ id: null, deduplicated: false }))) };
});

vi.mock("@/server/infra/outbox/with-outbox", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/server/infra/outbox/with-outbox")>();
  return {
    ...actual,
    withTenantSqlOutbox: (...args: Parameters<typeof actual.withTenantSqlOutbox>) =>
      crash.outcomes || crash.workspace === args[0].workspaceId ? Promise.reject(new Error("the worker died")) : actual.withTenantSqlOutbox(...args),
  };
});

const ENV_KEYS = ["META_APP_SECRET", "META_GRAPH_URL", "META_GRAPH_VERSION"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const MINUTE = 60_000;

let meta: FakeMeta;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
let pageId: string;

const registry = bindJobHandlers({ publish: publishJobs });
const handle = (replyIds: string[], workspaceId = ws.workspaceId) =>
  registry.get("send-reply")!.batch!.handle(batchItems(replyIds.map((replyId) => ({ workspaceId, replyId }))), { log: batchItems([0])[0]!.ctx.log, signal: new AbortController().signal });

/** The sweeper's publishes, run at once by the real handler: what the queue would do. */
const runningQueue: JobHandlerContext = {
  publish: (async (name: string, items: ReadonlyArray<{ payload: { workspaceId: string; replyId: string } }>) => {
    if (name === "send-reply") for (const item of items) await handle([item.payload.replyId], item.payload.workspaceId);
    return items.map(() => ({ id: null, deduplicated: false }));
  }) as JobHandlerContext["publish"],
};

beforeAll(async () => {
  receiver = await startReceiver();
  pageId = `10${randomInt(1e9, 1e10)}`;
  meta = await startFakeMeta({ pages: [{ id: pageId, name: "Owen Bikes" }], echoSends: true, webhookUrl: receiver.url });
  meta.store.subscriptions.set(pageId, ["messages", "message_echoes"]);
  Object.assign(process.env, { META_APP_SECRET: meta.appSecret, META_GRAPH_URL: meta.url, META_GRAPH_VERSION: meta.version });
  resetEnvCache();
  ws = await createPipelineWorkspace();
  const page = meta.store.pages[0]!;
  await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
    tx.channel.create({ data: { workspaceId: ws.workspaceId, platform: "FACEBOOK", externalId: page.id, name: page.name, accessTokenEnc: encrypt(page.accessToken) } }),
  );
});

afterAll(async () => {
  await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.updateMany({ where: { platform: "FACEBOOK" }, data: { status: "DISCONNECTED" } }));
  await Promise.all([meta.close(), receiver.close()]);
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvCache();
});

beforeEach(() => {
  meta.faults.clear();
  vi.mocked(publishJobs).mockClear();
  receiver.received.length = 0;
});

afterEach(() => {
  crash.outcomes = false;
  crash.workspace = null;
  vi.restoreAllMocks();
});

/** A Messenger customer's message stored as ingest stores it, and a QUEUED reply to it. */
async function fbReply(text: string): Promise<string> {
  const inbound = await meta.simulateInbound({ type: "messenger-message", text: "Is the blue bike still available?", pageId });
  const stored = await ingestEvent({
    platform: "FACEBOOK", channelExternalId: pageId, platformMessageId: `m-${randomInt(1e9, 1e10)}`, threadId: inbound.customerId!, kind: "DM",
    sender: { platformUserId: inbound.customerId!, displayName: "Sam Customer" }, text: "Is the blue bike still available?", sentAt: new Date(),
  });
  if (stored.status !== "stored") throw new Error(`inbound not stored: ${stored.status}`);
  return queueReplyTo(ws.workspaceId, stored.messageId, text);
}

async function queueReplyTo(workspaceId: string, messageId: string, text: string): Promise<string> {
  return withTenant({ workspaceId }, async (tx) => {
    const message = await tx.message.findUniqueOrThrow({ where: { id: messageId } });
    return (await tx.reply.create({ data: { workspaceId, conversationId: message.conversationId, inReplyToId: message.id, source: "AI", status: "QUEUED", textEnc: encrypt(text) } })).id;
  });
}

const reply = (id: string, workspaceId = ws.workspaceId) => withTenant({ workspaceId }, (tx) => tx.reply.findUniqueOrThrow({ where: { id } }));
const sendsOf = (text: string) => meta.store.sent.filter((s) => (JSON.parse(s.params.message ?? "{}") as { text?: string }).text === text);
const audits = (id: string, action: string, workspaceId = ws.workspaceId) => withTenant({ workspaceId }, (tx) => tx.auditLog.findMany({ where: { targetId: id, action } }));
/** Moves a reply's lease clock back, as if `minutes` had passed since it was claimed. */
const age = (id: string, minutes: number, workspaceId = ws.workspaceId) =>
  withTenant({ workspaceId }, (tx) => tx.reply.updateMany({ where: { id }, data: { updatedAt: new Date(Date.now() - minutes * MINUTE) } }));
/** The echoes the fake sent to its webhook URL, delivered now through the real webhook path. */
async function deliverEchoes() {
  for (const r of receiver.received.splice(0)) await handleWebhook("facebook", r.raw.toString("utf8"), new Headers(r.headers));
}

describe("a worker that dies mid-send", () => {
  it("after Meta accepted the reply: never sent again; DELIVERY_UNKNOWN and shown, then SENT by Meta's echo", async () => {
    const text = `The blue bike is in stock ${randomInt(1e6, 1e7)}`;
    const id = await fbReply(text);
    crash.outcomes = true;
    const [result] = await handle([id]);
    crash.outcomes = false;
    expect(errorOf(result)).toBeInstanceOf(Error);
    expect(sendsOf(text)).toHaveLength(1);
    const stranded = await reply(id);
    expect(stranded).toMatchObject({ status: "SENDING", platformMessageId: null });
    expect(stranded.dispatchedAt).toBeInstanceOf(Date);
    const echoes = receiver.received.splice(0); // the echo is late: it arrives after the lease ran out

    // Inside the lease: left alone. Past it: settled, not re-sent, whatever retries or sweeps follow.
    expect((await sweepOutbox(runningQueue)).expiredSends.unknown).toBe(0);
    await age(id, 10);
    const announced = vi.spyOn(realtime(), "publish");
    const report = await sweepOutbox(runningQueue);
    expect(announced).toHaveBeenCalledWith(ws.workspaceId, { type: "conversation.updated", conversationId: stranded.conversationId });
    expect(report.expiredSends).toMatchObject({ unknown: 1, requeued: 0, sent: 0 });
    expect(report.republished["send-reply"]).toBe(0);
    await sweepOutbox(runningQueue);
    expect(await handle([id])).toEqual([{ ok: true }]); // the job's own retry
    expect(sendsOf(text)).toHaveLength(1);
    expect(await reply(id)).toMatchObject({ status: "DELIVERY_UNKNOWN", error: UNKNOWN_OUTCOME_NOTE, sentAt: null });
    expect((await audits(id, "reply.delivery_unknown")).map((a) => a.metadata)).toEqual([{ reason: "lease_expired" }]);

    // The echo names the reply by our send key (message.metadata): SENT, with Meta's id and time.
    receiver.received.push(...echoes);
    await deliverEchoes();
    const settled = await reply(id);
    expect(settled).toMatchObject({ status: "SENT", platformMessageId: sendsOf(text)[0]!.response.message_id, error: null });
    expect(settled.confirmedAt).toEqual(settled.sentAt);
    expect(await audits(id, "reply.sent")).toHaveLength(1);
    expect(sendsOf(text)).toHaveLength(1);
  });

  it("whose echo came back before the lease ran out: the sweeper records it SENT, nothing re-sent", async () => {
    const text = `Echoed in time ${randomInt(1e6, 1e7)}`;
    const id = await fbReply(text);
    crash.outcomes = true;
    await handle([id]);
    crash.outcomes = false;
    await deliverEchoes();
    expect(await reply(id)).toMatchObject({ status: "SENDING", platformMessageId: sendsOf(text)[0]!.response.message_id });
    await age(id, 10);
    expect((await sweepOutbox(runningQueue)).expiredSends).toMatchObject({ sent: 1, unknown: 0 });
    expect(await reply(id)).toMatchObject({ status: "SENT" });
    expect(sendsOf(text)).toHaveLength(1);
  });

  it("before its platform call (claimed, never dispatched): sent exactly once after the lease", async () => {
    const text = `Claimed then lost ${randomInt(1e6, 1e7)}`;
    const id = await fbReply(text);
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.updateMany({ where: { id }, data: { status: "SENDING", attempts: 1, dispatchedAt: null } }));
    await age(id, 1);
    await sweepOutbox(runningQueue);
    expect(sendsOf(text)).toHaveLength(0); // still inside the lease
    await age(id, 10);
    expect((await sweepOutbox(runningQueue)).republished["send-reply"]).toBe(1);
    expect(await reply(id)).toMatchObject({ status: "SENT", attempts: 2 });
    await sweepOutbox(runningQueue);
    expect(sendsOf(text)).toHaveLength(1);
  });

  it("a call that got no answer (Meta timed out after posting): DELIVERY_UNKNOWN at once, never re-sent", async () => {
    const text = `Timed out but posted ${randomInt(1e6, 1e7)}`;
    const id = await fbReply(text);
    const connector = connectorFor("FACEBOOK")!;
    const real = connector.sendReply.bind(connector);
    vi.spyOn(connector, "sendReply").mockImplementationOnce(async (credentials, outbound) => {
      await real(credentials, outbound);
      throw new MetaGraphUnavailableError("Graph send timed out after 10000 ms", true);
    });
    expect(await handle([id])).toEqual([{ ok: true }]);
    expect(await reply(id)).toMatchObject({ status: "DELIVERY_UNKNOWN", error: UNKNOWN_OUTCOME_NOTE });
    expect((await audits(id, "reply.delivery_unknown")).map((a) => a.metadata)).toEqual([{ reason: "no_answer" }]);
    await age(id, 10);
    await sweepOutbox(runningQueue);
    await handle([id]);
    expect(sendsOf(text)).toHaveLength(1);
  });

  it("a Graph error Meta answered (500 with an error body) is known not sent: back to QUEUED and sent once", async () => {
    const text = `Answered 500 ${randomInt(1e6, 1e7)}`;
    const id = await fbReply(text);
    meta.faults.inject("send", { kind: "server-error" });
    const [first] = await handle([id]);
    expect(errorOf(first)).toMatchObject({ name: "MetaGraphUnavailableError" });
    expect(await reply(id)).toMatchObject({ status: "QUEUED", dispatchedAt: null });
    expect(await handle([id])).toEqual([{ ok: true }]);
    expect(sendsOf(text)).toHaveLength(1);
  });
});

describe("send keys", () => {
  it("Meta: every Send API call carries the reply id as metadata, at the fake", async () => {
    const text = `Keyed ${randomInt(1e6, 1e7)}`;
    const id = await fbReply(text);
    await handle([id]);
    expect(JSON.parse(sendsOf(text)[0]!.params.message!)).toEqual({ text, metadata: `leadline:reply:${id}` });
  });

  it("Demo (deduplicates by key): the key is the reply id, and an expired mid-send lease is sent again with it: one message", async () => {
    const calls: OutboundReply[] = [];
    const real = demoConnector.sendReply.bind(demoConnector);
    vi.spyOn(demoConnector, "sendReply").mockImplementation(async (credentials, outbound) => (calls.push(outbound), real(credentials, outbound)));
    const demoMessage = await ingestEvent({
      platform: "DEMO", channelExternalId: ws.externalId, platformMessageId: `m-${randomInt(1e9, 1e10)}`, threadId: "demo-thread-k", kind: "DM",
      sender: { platformUserId: "k" }, text: "Hi", sentAt: new Date(),
    });
    if (demoMessage.status !== "stored") throw new Error("not stored");
    const id = await queueReplyTo(ws.workspaceId, demoMessage.messageId, "Hello from the demo");
    crash.outcomes = true;
    await handle([id]);
    crash.outcomes = false;
    await age(id, 10);
    expect((await sweepOutbox(runningQueue)).expiredSends).toMatchObject({ requeued: 1, unknown: 0 });
    expect(calls.map((c) => c.sendKey)).toEqual([id, id]);
    expect(await reply(id)).toMatchObject({ status: "SENT", platformMessageId: `demo-reply-${id}` });
  });
});

describe("concurrency", () => {
  it("five workers claiming one reply at once: one send", async () => {
    const text = `Claimed five times ${randomInt(1e6, 1e7)}`;
    const id = await fbReply(text);
    const results = await Promise.all(Array.from({ length: 5 }, () => handle([id])));
    expect(results).toEqual(Array(5).fill([{ ok: true }]));
    expect(sendsOf(text)).toHaveLength(1);
    expect(await reply(id)).toMatchObject({ status: "SENT", attempts: 1 });
  });

  it("a worker whose lease was taken over before its call sends nothing (fenced by the attempt)", async () => {
    const text = `Fenced ${randomInt(1e6, 1e7)}`;
    const id = await fbReply(text);
    // As if this claim had been overtaken: the row moved on to a newer attempt while credentials loaded.
    const spy = vi.spyOn(connectorFor("FACEBOOK")!, "sendReply");
    const tokens = await import("@/server/channels/tokens/get-channel-credentials");
    const realCredentials = tokens.credentialsFor;
    vi.spyOn(tokens, "credentialsFor").mockImplementationOnce(async (...args) => {
      await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.updateMany({ where: { id }, data: { attempts: { increment: 1 } } }));
      return realCredentials(...args);
    });
    expect(await handle([id])).toEqual([{ ok: true }]);
    expect(spy).not.toHaveBeenCalled();
    expect(sendsOf(text)).toHaveLength(0);
  });
});

describe("settling a DELIVERY_UNKNOWN reply (inbox.resolveUnknown)", () => {
  async function unknownReply(text: string) {
    const id = await fbReply(text);
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.updateMany({ where: { id }, data: { status: "DELIVERY_UNKNOWN", attempts: 1, dispatchedAt: new Date(), error: UNKNOWN_OUTCOME_NOTE } }));
    return id;
  }
  const code = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e instanceof TRPCError ? e.code : String(e)));

  it("a viewer is refused; an agent's resend queues it with a fresh job and it goes out once", async () => {
    const text = `Resend me ${randomInt(1e6, 1e7)}`;
    const id = await unknownReply(text);
    expect(await code(callerFor(ws.members.VIEWER.userId, ws.workspaceId).inbox.resolveUnknown({ replyId: id, outcome: "resend" }))).toBe("FORBIDDEN");
    expect((await reply(id)).status).toBe("DELIVERY_UNKNOWN");

    await callerFor(ws.members.AGENT.userId, ws.workspaceId).inbox.resolveUnknown({ replyId: id, outcome: "resend" });
    expect(await reply(id)).toMatchObject({ status: "QUEUED", error: null, dispatchedAt: null });
    const published = vi.mocked(publishJobs).mock.calls.filter(([name]) => name === "send-reply").flatMap(([, items]) => items);
    expect(published).toContainEqual(expect.objectContaining({ payload: { workspaceId: ws.workspaceId, replyId: id }, opts: expect.objectContaining({ dedupId: `${id}.resend.1` }) }));
    expect(await audits(id, "reply.resend")).toHaveLength(1);
    await handle([id]);
    expect(await reply(id)).toMatchObject({ status: "SENT" });
    expect(sendsOf(text)).toHaveLength(1);
    // Settled: a second resolve finds nothing to settle.
    expect(await code(callerFor(ws.members.AGENT.userId, ws.workspaceId).inbox.resolveUnknown({ replyId: id, outcome: "resend" }))).toBe("NOT_FOUND");
  });

  it("an admin marks one sent: SENT without any platform call; bad input is refused", async () => {
    const text = `Already there ${randomInt(1e6, 1e7)}`;
    const id = await unknownReply(text);
    const admin = callerFor(ws.members.ADMIN.userId, ws.workspaceId);
    expect(await code(admin.inbox.resolveUnknown({ replyId: id, outcome: "maybe" as "sent" }))).toBe("BAD_REQUEST");
    await admin.inbox.resolveUnknown({ replyId: id, outcome: "sent" });
    const row = await reply(id);
    expect(row).toMatchObject({ status: "SENT", error: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(await audits(id, "reply.marked_sent")).toHaveLength(1);
    expect(sendsOf(text)).toHaveLength(0);
  });
});

describe("the sweeper", () => {
  it("settles every workspace it can when one fails, and retries the failed one next time", async () => {
    const other = await createPipelineWorkspace();
    const demoIn = async (w: typeof ws) => {
      const m = await ingestEvent({ platform: "DEMO", channelExternalId: w.externalId, platformMessageId: `m-${randomInt(1e9, 1e10)}`, threadId: "demo-thread-s", kind: "DM", sender: { platformUserId: "s" }, text: "Hi", sentAt: new Date() });
      if (m.status !== "stored") throw new Error("not stored");
      const id = await queueReplyTo(w.workspaceId, m.messageId, "Swept");
      await withTenant({ workspaceId: w.workspaceId }, (tx) => tx.reply.updateMany({ where: { id }, data: { status: "SENDING", attempts: 1, dispatchedAt: new Date() } }));
      await age(id, 10, w.workspaceId);
      return id;
    };
    const [mine, theirs] = [await demoIn(ws), await demoIn(other)];
    crash.workspace = other.workspaceId;
    const report = await sweepOutbox(runningQueue);
    expect(report.expiredSends.failedWorkspaces).toBe(1);
    expect((await reply(mine)).status).toBe("SENT");
    expect((await reply(theirs, other.workspaceId)).status).toBe("SENDING");
    crash.workspace = null;
    await sweepOutbox(runningQueue);
    expect((await reply(theirs, other.workspaceId)).status).toBe("SENT");
  });
});
