import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { ChannelAuthError, ChannelRejectedError, type OutboundReply } from "@/server/channels/connector";
import { demoConnector } from "@/server/channels/demo/demo-connector";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { bindJobHandlers } from "@/server/infra/jobs/bind-handlers";
import { PermanentJobError } from "@/server/infra/queue/define-job";
import { publishJobs } from "@/server/infra/runtime/queue";
import { batchCtx, batchItems, errorOf, newRef, postAndFind } from "../helpers/pipeline-batches";
import { createPipelineWorkspace } from "../helpers/pipeline";

/**
 * The `send-reply` batch handler called directly on replies queued in the database, with the
 * Demo connector's send spied on. Publishing is stubbed: no queue runs in this process.
 */
vi.mock("@/server/infra/runtime/queue", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/server/infra/runtime/queue")>();
  return { ...actual, publishJobs: vi.fn(async (_name: string, items: ReadonlyArray<unknown>) => items.map(() => ({ id: null, deduplicated: false }))) };
});

type Ws = Awaited<ReturnType<typeof createPipelineWorkspace>>;

const jobRegistry = bindJobHandlers({ publish: publishJobs });
const handle = (ws: Ws, replyIds: string[]) => jobRegistry.get("send-reply")!.batch!.handle(batchItems(replyIds.map((replyId) => ({ workspaceId: ws.workspaceId, replyId }))), batchCtx);

/** An inbound message and a QUEUED AI reply to it with `text`. */
async function queuedReply(ws: Ws, text: string): Promise<string> {
  const messageId = await postAndFind(ws, { text: "Hello, how much is the Pro plan?", customer: { id: newRef("cust"), name: "Noor Haddad" } });
  return withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
    const message = await tx.message.findUniqueOrThrow({ where: { id: messageId } });
    const reply = await tx.reply.create({
      data: { workspaceId: ws.workspaceId, conversationId: message.conversationId, inReplyToId: messageId, source: "AI", status: "QUEUED", textEnc: encrypt(text) },
    });
    return reply.id;
  });
}

const replies = (ws: Ws, ids: string[]) =>
  withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findMany({ where: { id: { in: ids } } })).then((rows) => new Map(rows.map((r) => [r.id, r])));

type Behaviour = "ok" | "auth" | "rejected" | "flaky";

/** Spies on the Demo connector's send; what it does is looked up by reply text, changeable mid-test. */
function spyOnSend(initial: Record<string, Behaviour>) {
  const behaviour = { ...initial };
  const spy = vi.spyOn(demoConnector, "sendReply").mockImplementation(async (_credentials, reply: OutboundReply) => {
    switch (behaviour[reply.text]) {
      case "ok":
        return { platformMessageId: `pm-${reply.text}` };
      case "auth":
        throw new ChannelAuthError("token expired");
      case "rejected":
        throw new ChannelRejectedError("reply window closed");
      case "flaky":
        throw new Error("platform timed out");
      default:
        throw new Error(`unexpected send of "${reply.text}"`);
    }
  });
  const sentTexts = () => spy.mock.calls.map(([, reply]) => reply.text).sort();
  return { spy, behaviour, sentTexts };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("send-reply in batches", () => {
  let ws: Ws;
  beforeAll(async () => {
    ws = await createPipelineWorkspace();
  });

  it("records each outcome of a batch: sent, failed with the channel needing re-auth, back to queued; a replay sends nothing twice", async () => {
    const [okId, authId, flakyId] = [await queuedReply(ws, "r-ok"), await queuedReply(ws, "r-auth"), await queuedReply(ws, "r-flaky")];
    const channelId = (await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.findFirstOrThrow({ where: { externalId: ws.externalId } }))).id;
    const send = spyOnSend({ "r-ok": "ok", "r-auth": "auth", "r-flaky": "flaky" });
    onTestFinished(() => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.update({ where: { id: channelId }, data: { status: "ACTIVE" } })).then(() => undefined));

    const results = await handle(ws, [okId, authId, flakyId]);
    expect(results[0]).toEqual({ ok: true });
    expect(errorOf(results[1])).toBeInstanceOf(PermanentJobError);
    expect(errorOf(results[1])).toMatchObject({ code: "ChannelAuthError", message: "token expired" });
    expect(errorOf(results[2])).toBeInstanceOf(Error);
    expect(errorOf(results[2])).not.toBeInstanceOf(PermanentJobError);
    expect(send.sentTexts()).toEqual(["r-auth", "r-flaky", "r-ok"]);

    const rows = await replies(ws, [okId, authId, flakyId]);
    expect(rows.get(okId)).toMatchObject({ status: "SENT", platformMessageId: "pm-r-ok", error: null, attempts: 1 });
    expect(rows.get(okId)!.sentAt).toBeInstanceOf(Date);
    expect(rows.get(authId)).toMatchObject({ status: "FAILED", error: "token expired", sentAt: null, attempts: 1 });
    expect(rows.get(flakyId)).toMatchObject({ status: "QUEUED", error: "platform timed out", sentAt: null, attempts: 1 });

    const after = await withTenant({ workspaceId: ws.workspaceId }, async (tx) => ({
      channel: await tx.channel.findUniqueOrThrow({ where: { id: channelId } }),
      reauthAudit: await tx.auditLog.findMany({ where: { action: "channel.needs_reauth", targetId: channelId } }),
      sentAudit: await tx.auditLog.findMany({ where: { action: "reply.sent", targetId: { in: [okId, authId, flakyId] } } }),
    }));
    expect(after.channel.status).toBe("NEEDS_REAUTH");
    expect(after.reauthAudit).toHaveLength(1);
    expect(after.reauthAudit[0]).toMatchObject({ actorType: "SYSTEM", targetType: "channel" });
    expect(after.sentAudit.map((a) => a.targetId)).toEqual([okId]);

    // While the channel needs re-auth nothing is sent on it: the queued reply fails without a platform call.
    send.spy.mockClear();
    const waiting = await queuedReply(ws, "r-waiting");
    send.behaviour["r-waiting"] = "ok";
    expect(errorOf((await handle(ws, [waiting]))[0])).toMatchObject({ code: "ChannelNeedsReauthError" });
    expect(send.spy).not.toHaveBeenCalled();
    expect((await replies(ws, [waiting])).get(waiting)).toMatchObject({ status: "FAILED", error: "The channel must be reconnected (needs_reauth)." });
    expect(await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.count({ where: { action: "channel.needs_reauth", targetId: channelId } }))).toBe(1);

    // The admin reconnects. Replay: the sent and the failed reply are left alone; only the queued one is tried again.
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.update({ where: { id: channelId }, data: { status: "ACTIVE" } }));
    const replay = await handle(ws, [okId, authId, flakyId, okId]);
    expect(replay.slice(0, 2)).toEqual([{ ok: true }, { ok: true }]);
    expect(replay[3]).toEqual({ ok: true });
    expect(send.sentTexts()).toEqual(["r-flaky"]);
    expect((await replies(ws, [flakyId])).get(flakyId)).toMatchObject({ status: "QUEUED", attempts: 2 });

    // Once the queued one goes out, a further replay sends nothing at all.
    send.behaviour["r-flaky"] = "ok";
    expect(await handle(ws, [flakyId])).toEqual([{ ok: true }]);
    send.spy.mockClear();
    expect(await handle(ws, [okId, authId, flakyId])).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(send.spy).not.toHaveBeenCalled();
    const end = await replies(ws, [okId, authId, flakyId]);
    expect([end.get(okId)!.status, end.get(authId)!.status, end.get(flakyId)!.status]).toEqual(["SENT", "FAILED", "SENT"]);
    expect(end.get(okId)!.platformMessageId).toBe("pm-r-ok");
    expect(await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.auditLog.count({ where: { action: "reply.sent", targetId: { in: [okId, authId, flakyId] } } }))).toBe(2);
  });

  it("fails a reply the platform refuses for good without touching the channel", async () => {
    const id = await queuedReply(ws, "r-rejected");
    spyOnSend({ "r-rejected": "rejected" });
    const [result] = await handle(ws, [id]);
    expect(errorOf(result)).toBeInstanceOf(PermanentJobError);
    expect(errorOf(result)).toMatchObject({ code: "ChannelRejectedError" });
    expect((await replies(ws, [id])).get(id)).toMatchObject({ status: "FAILED", error: "reply window closed" });
    const channel = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.findFirstOrThrow({ where: { externalId: ws.externalId } }));
    expect(channel.status).toBe("ACTIVE");
  });

  it("answers a PermanentJobError for an unknown reply id, beside a good one", async () => {
    const id = await queuedReply(ws, "r-fine");
    const send = spyOnSend({ "r-fine": "ok" });
    const results = await handle(ws, ["no-such-reply", id]);
    expect(errorOf(results[0])).toBeInstanceOf(PermanentJobError);
    expect(errorOf(results[0])).toMatchObject({ code: "REPLY_NOT_FOUND" });
    expect(results[1]).toEqual({ ok: true });
    expect(send.spy).toHaveBeenCalledTimes(1);
    expect((await replies(ws, [id])).get(id)).toMatchObject({ status: "SENT" });
  });

  it("treats another workspace's reply as unknown and does not send it", async () => {
    const other = await createPipelineWorkspace();
    const id = await queuedReply(other, "r-other");
    const send = spyOnSend({ "r-other": "ok" });
    const [result] = await handle(ws, [id]);
    expect(errorOf(result)).toMatchObject({ code: "REPLY_NOT_FOUND" });
    expect(send.spy).not.toHaveBeenCalled();
    expect((await replies(other, [id])).get(id)).toMatchObject({ status: "QUEUED", attempts: 0 });
  });
});
