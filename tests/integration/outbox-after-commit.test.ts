import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { QueuePublishError, type QueuePort } from "@/server/infra/queue/queue-port";
import { flushOutboxAcks } from "@/server/infra/outbox/relay-outbox";
import { realtime } from "@/server/infra/runtime/ports";
import { publishJobs, queue, startQueue, stopQueue } from "@/server/infra/runtime/queue";
import { RealtimeUnavailableError } from "@/server/infra/realtime/realtime-port";
import { sweepOutbox } from "@/server/pipeline/sweep-outbox";
import { callerFor } from "../helpers/factories";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";
import { messageIdOf } from "../helpers/pipeline-batches";

/**
 * Side effects after commit, never lost (docs/architecture.md#side-effects-after-commit): each
 * test makes the publish fail after the transaction committed, checks that the caller still
 * succeeded and the side effect waits in the outbox, then lets the sweeper recover it. The
 * stranded states without an outbox row (RECEIVED, QUEUED, SENDING past its lease) are
 * recovered from the data itself.
 */
type Ws = Awaited<ReturnType<typeof createPipelineWorkspace>>;

const jobs = { publish: publishJobs };
const tenant = <T>(ws: Ws, fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ workspaceId: ws.workspaceId }, fn);
/** The sweeper as it runs a little later than now (past the relay's grace period). */
const sweepSoon = () => sweepOutbox(jobs, new Date(Date.now() + 20_000));
/** What the outbox holds once relayed rows are deleted (deletions wait ACK_DELAY_MS to share a statement). */
const outboxOf = async (ws: Ws) => {
  await flushOutboxAcks();
  return tenant(ws, (tx) => tx.outboxEntry.findMany({ select: { kind: true, name: true, dedupId: true } }));
};

/**
 * Makes the queue refuse one job name for one workspace (the commit has happened by the time it
 * is called). Other workspaces' jobs still go through: other test files share the database, and
 * the sweeper rightly re-publishes their stranded work too.
 */
function failPublishOf(name: string, ws: Ws) {
  const q = queue() as unknown as QueuePort;
  const publishMany = q.publishMany.bind(q);
  return vi.spyOn(q, "publishMany").mockImplementation(async (job, items) => {
    const mine = items.some((item) => (item.payload as { workspaceId?: unknown }).workspaceId === ws.workspaceId);
    if (job === name && mine) throw new QueuePublishError(job, "queue unavailable");
    return publishMany(job, items);
  });
}

async function messageByPmid(ws: Ws, platformMessageId: string) {
  return tenant(ws, (tx) => tx.message.findFirstOrThrow({ where: { platformMessageId }, select: { id: true, status: true, conversationId: true } }));
}

async function waitStatus(ws: Ws, platformMessageId: string, status: string) {
  await waitFor(async () => (await messageByPmid(ws, platformMessageId)).status === status, 60_000, `message ${status}`);
}

async function waitReply(ws: Ws, replyId: string, status: string) {
  await waitFor(async () => (await tenant(ws, (tx) => tx.reply.findUniqueOrThrow({ where: { id: replyId } }))).status === status, 60_000, `reply ${status}`);
}

/** A DRAFT reply on a processed message (auto-reply off, so the AI's reply waits for a person). */
async function draftOn(ws: Ws): Promise<{ replyId: string; conversationId: string }> {
  const body = demoBody(ws.externalId, "How much is the Pro plan per month?");
  await postDemo(ws, body);
  await waitStatus(ws, messageIdOf(body), "PROCESSED");
  const message = await messageByPmid(ws, messageIdOf(body));
  const draft = await tenant(ws, (tx) => tx.reply.findFirstOrThrow({ where: { conversationId: message.conversationId, status: "DRAFT" } }));
  return { replyId: draft.id, conversationId: message.conversationId };
}

beforeAll(async () => {
  await startQueue();
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await stopQueue();
});

describe("publish fails after commit", () => {
  it("ingest: the webhook is acknowledged, the job waits in the outbox, and the sweeper publishes it", async () => {
    const ws = await createPipelineWorkspace({ autoReplyEnabled: false });
    const spy = failPublishOf("process-message", ws);
    const bodies = [1, 2, 3].map((i) => demoBody(ws.externalId, `Is the Team plan good for ${i * 10} people?`));
    const answers = await Promise.all(bodies.map((body) => postDemo(ws, body)));
    expect(answers).toEqual(bodies.map(() => ({ received: 1, stored: 1, duplicates: 0 })));
    expect(spy).toHaveBeenCalled();

    const pmids = bodies.map(messageIdOf);
    const ids = await Promise.all(pmids.map(async (pmid) => (await messageByPmid(ws, pmid)).id));
    const waiting = await outboxOf(ws);
    expect(waiting.filter((r) => r.name === "process-message").map((r) => r.dedupId).sort()).toEqual([...ids].sort());
    // The events went out (only the queue was down), so only the jobs wait.
    expect(waiting.filter((r) => r.kind === "event")).toEqual([]);
    for (const pmid of pmids) expect((await messageByPmid(ws, pmid)).status).toBe("RECEIVED");

    // Within the grace period the sweeper leaves the rows to the relay.
    await sweepOutbox(jobs);
    expect((await outboxOf(ws)).length).toBe(3);

    spy.mockRestore();
    await sweepSoon();
    for (const pmid of pmids) await waitStatus(ws, pmid, "PROCESSED");
    expect((await outboxOf(ws)).filter((r) => r.kind === "job")).toEqual([]);
  });

  it("ingest: a queue that keeps failing keeps the rows, retried ever more slowly, never lost", async () => {
    const ws = await createPipelineWorkspace({ autoReplyEnabled: false });
    const spy = failPublishOf("process-message", ws);
    const body = demoBody(ws.externalId, "Do you ship to Canada?");
    await postDemo(ws, body);
    await sweepSoon();
    await sweepSoon(); // claimed once already: not due again yet
    const row = await tenant(ws, (tx) => tx.outboxEntry.findFirstOrThrow({ where: { name: "process-message" } }));
    expect(row.attempts).toBe(1);
    expect(row.availableAt.getTime()).toBeGreaterThan(Date.now());
    spy.mockRestore();
    await sweepOutbox(jobs, new Date(row.availableAt.getTime() + 1_000));
    await waitStatus(ws, messageIdOf(body), "PROCESSED");
  });

  it("approve: the reply is QUEUED with its send job in the outbox, a retry does not answer NOT_FOUND wrongly, the sweeper sends it", async () => {
    const ws = await createPipelineWorkspace({ autoReplyEnabled: false });
    const { replyId } = await draftOn(ws);
    const spy = failPublishOf("send-reply", ws);
    const agent = callerFor(ws.members.AGENT.userId, ws.workspaceId);
    await expect(agent.inbox.approve({ replyId })).resolves.toEqual({ replyId });
    expect(spy).toHaveBeenCalled();

    const reply = await tenant(ws, (tx) => tx.reply.findUniqueOrThrow({ where: { id: replyId } }));
    expect(reply.status).toBe("QUEUED");
    expect(await outboxOf(ws)).toEqual([{ kind: "job", name: "send-reply", dedupId: replyId }]);

    spy.mockRestore();
    await sweepSoon();
    await waitReply(ws, replyId, "SENT");
    expect(await outboxOf(ws)).toEqual([]);
  });

  it("process-message: the auto-sent reply's job waits in the outbox and is sent by the sweeper", async () => {
    const ws = await createPipelineWorkspace({ autoReplyEnabled: true, autoReplyThreshold: 0.3 });
    const spy = failPublishOf("send-reply", ws);
    const body = demoBody(ws.externalId, "How much is the Pro plan per month?");
    await postDemo(ws, body);
    await waitStatus(ws, messageIdOf(body), "PROCESSED");
    const message = await messageByPmid(ws, messageIdOf(body));
    const reply = await tenant(ws, (tx) => tx.reply.findFirstOrThrow({ where: { conversationId: message.conversationId } }));
    expect(reply.status).toBe("QUEUED");
    expect(await outboxOf(ws)).toEqual([{ kind: "job", name: "send-reply", dedupId: reply.id }]);

    spy.mockRestore();
    await sweepSoon();
    await waitReply(ws, reply.id, "SENT");
  });

  it("realtime: events the bus refused wait in the outbox; the sweeper announces them, or drops them once stale", async () => {
    const ws = await createPipelineWorkspace({ autoReplyEnabled: false });
    const { replyId, conversationId } = await draftOn(ws);
    const bus = realtime();
    const publish = vi.spyOn(bus, "publish").mockRejectedValue(new RealtimeUnavailableError("bus down"));
    await callerFor(ws.members.AGENT.userId, ws.workspaceId).inbox.discard({ replyId });
    expect(publish).toHaveBeenCalledWith(ws.workspaceId, { type: "conversation.updated", conversationId });
    expect(await outboxOf(ws)).toEqual([{ kind: "event", name: "conversation.updated", dedupId: null }]);

    publish.mockReset();
    publish.mockResolvedValue(undefined);
    await sweepSoon();
    expect(publish).toHaveBeenCalledWith(ws.workspaceId, { type: "conversation.updated", conversationId });
    expect(await outboxOf(ws)).toEqual([]);

    publish.mockRejectedValue(new RealtimeUnavailableError("bus down"));
    await callerFor(ws.members.AGENT.userId, ws.workspaceId).inbox.setPaused({ conversationId, paused: true });
    publish.mockClear();
    const report = await sweepOutbox(jobs, new Date(Date.now() + 6 * 60_000));
    expect(report.droppedEvents).toBeGreaterThanOrEqual(1);
    expect(publish).not.toHaveBeenCalledWith(ws.workspaceId, expect.anything());
    expect(await outboxOf(ws)).toEqual([]);
  });

  it("a row published but not deleted is published again with its dedup id: the reply is sent once", async () => {
    const ws = await createPipelineWorkspace({ autoReplyEnabled: false });
    const { replyId } = await draftOn(ws);
    await callerFor(ws.members.AGENT.userId, ws.workspaceId).inbox.approve({ replyId });
    await waitReply(ws, replyId, "SENT");
    // Put the row back, as if the relay had published but its delete had failed.
    await tenant(ws, (tx) => tx.outboxEntry.create({ data: { id: `re-${replyId}`, workspaceId: ws.workspaceId, kind: "job", name: "send-reply", payload: { workspaceId: ws.workspaceId, replyId }, dedupId: replyId } }));
    await sweepSoon();
    expect(await outboxOf(ws)).toEqual([]);
    const sent = await tenant(ws, (tx) => tx.auditLog.count({ where: { action: "reply.sent", targetId: replyId } }));
    expect(sent).toBe(1);
  });
});

describe("the sweeper recovers stranded work that has no outbox row", () => {
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

  it("a message stuck in RECEIVED is processed", async () => {
    const ws = await createPipelineWorkspace({ autoReplyEnabled: false });
    const spy = failPublishOf("process-message", ws);
    const body = demoBody(ws.externalId, "Can I change my delivery address?");
    await postDemo(ws, body);
    spy.mockRestore();
    // As if the job had been lost inside the queue: no outbox row, nothing queued.
    const message = await messageByPmid(ws, messageIdOf(body));
    await tenant(ws, async (tx) => {
      await tx.outboxEntry.deleteMany({ where: { workspaceId: ws.workspaceId } });
      await tx.message.updateMany({ where: { id: message.id, workspaceId: ws.workspaceId }, data: { receivedAt: minutesAgo(1) } });
    });
    await sweepOutbox(jobs);
    await new Promise((r) => setTimeout(r, 500));
    expect((await messageByPmid(ws, messageIdOf(body))).status).toBe("RECEIVED"); // one minute: may still be queued

    await tenant(ws, (tx) => tx.message.updateMany({ where: { id: message.id, workspaceId: ws.workspaceId }, data: { receivedAt: minutesAgo(10) } }));
    const report = await sweepOutbox(jobs);
    expect(report.republished["process-message"]).toBeGreaterThanOrEqual(1);
    await waitStatus(ws, messageIdOf(body), "PROCESSED");
  });

  it("a QUEUED reply with no job, and a reply whose SENDING lease ran out, are sent", async () => {
    const ws = await createPipelineWorkspace({ autoReplyEnabled: false });
    const queued = await draftOn(ws);
    const sending = await draftOn(ws);
    await tenant(ws, async (tx) => {
      await tx.reply.updateMany({ where: { id: queued.replyId, workspaceId: ws.workspaceId }, data: { status: "QUEUED", updatedAt: minutesAgo(10) } });
      await tx.reply.updateMany({ where: { id: sending.replyId, workspaceId: ws.workspaceId }, data: { status: "SENDING", updatedAt: minutesAgo(10) } });
    });
    const report = await sweepOutbox(jobs);
    expect(report.republished["send-reply"]).toBeGreaterThanOrEqual(2);
    await waitReply(ws, queued.replyId, "SENT");
    await waitReply(ws, sending.replyId, "SENT");
  });

  it("leaves a SENDING reply inside its lease alone", async () => {
    const ws = await createPipelineWorkspace({ autoReplyEnabled: false });
    const { replyId } = await draftOn(ws);
    await tenant(ws, (tx) => tx.reply.updateMany({ where: { id: replyId, workspaceId: ws.workspaceId }, data: { status: "SENDING", updatedAt: minutesAgo(1) } }));
    await sweepOutbox(jobs);
    await new Promise((r) => setTimeout(r, 500));
    expect((await tenant(ws, (tx) => tx.reply.findUniqueOrThrow({ where: { id: replyId } }))).status).toBe("SENDING");
  });
});
