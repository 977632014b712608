import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { bindJobHandlers } from "@/server/infra/jobs/bind-handlers";
import { flushOutboxAcks } from "@/server/infra/outbox/relay-outbox";
import { searchArticles, searchArticlesMany } from "@/server/knowledge/knowledge";
import { persistOutcomes } from "@/server/pipeline/persist-outcomes";
import { anonymiseConversation } from "@/shared/privacy/anonymise";
import { PermanentJobError } from "@/server/infra/queue/define-job";
import { publishJobs } from "@/server/infra/runtime/queue";
import { batchCtx, batchItems, errorOf, newRef, postAndFind } from "../helpers/pipeline-batches";
import { createPipelineWorkspace } from "../helpers/pipeline";

/**
 * The `process-message` batch handler called directly. Publishing is stubbed (no queue runs in
 * this process, so nothing processes these messages behind the test's back); anonymiseConversation and
 * persistOutcomes are wrapped so single tests can make them fail.
 */
vi.mock("@/server/infra/runtime/queue", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/server/infra/runtime/queue")>();
  return { ...actual, publishJobs: vi.fn(async (_name: string, items: ReadonlyArray<unknown>) => items.map(() => ({ id: null, deduplicated: false }))) };
});
vi.mock("@/shared/privacy/anonymise", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/shared/privacy/anonymise")>();
  return { ...actual, anonymiseConversation: vi.fn(actual.anonymiseConversation) };
});
vi.mock("@/server/pipeline/persist-outcomes", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/server/pipeline/persist-outcomes")>();
  return { ...actual, persistOutcomes: vi.fn(actual.persistOutcomes) };
});

type Ws = Awaited<ReturnType<typeof createPipelineWorkspace>>;
type Payload = { workspaceId: string; messageId: string };

const jobRegistry = bindJobHandlers({ publish: publishJobs });
const handle = (payloads: Payload[]) => jobRegistry.get("process-message")!.batch!.handle(batchItems(payloads), batchCtx);
const published = vi.mocked(publishJobs);
const SALES = "How much is the Pro plan per month? I'd like to order today.";
const SPAM = "🔥🔥 FREE 10K FOLLOWERS!!! click bit.ly/xx99 now, dm @growfast_bot 🚀🚀";

let wsA: Ws;
let wsB: Ws;

const post = (ws: Ws, text: string, customer: { id?: string; name?: string } = {}, sentAt?: Date) =>
  postAndFind(ws, { text, customer: { id: customer.id ?? newRef("cust"), name: customer.name ?? "Jo Park" }, sentAt });

async function messageState(ws: Ws, messageId: string) {
  return withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
    const message = await tx.message.findUniqueOrThrow({ where: { id: messageId }, include: { agentRuns: true, conversation: { select: { contactId: true } } } });
    return {
      message,
      replies: await tx.reply.findMany({ where: { inReplyToId: messageId } }),
      audit: await tx.auditLog.findMany({ where: { targetId: messageId } }),
      lead: await tx.lead.findUniqueOrThrow({ where: { contactId: message.conversation.contactId } }),
    };
  });
}

/** Send-reply jobs published since `from` (index into the stub's calls). */
function sendJobsSince(from: number) {
  return published.mock.calls.slice(from).filter(([name]) => name === "send-reply").flatMap(([, items]) => items.map((i) => i.payload as { workspaceId: string; replyId: string }));
}

beforeAll(async () => {
  [wsA, wsB] = [await createPipelineWorkspace(), await createPipelineWorkspace()];
});

const real = {
  anonymiseConversation: (await vi.importActual<typeof import("@/shared/privacy/anonymise")>("@/shared/privacy/anonymise")).anonymiseConversation,
  persistOutcomes: (await vi.importActual<typeof import("@/server/pipeline/persist-outcomes")>("@/server/pipeline/persist-outcomes")).persistOutcomes,
};

afterEach(() => {
  vi.mocked(anonymiseConversation).mockImplementation(real.anonymiseConversation);
  vi.mocked(persistOutcomes).mockImplementation(real.persistOutcomes);
});

describe("process-message in batches", () => {

  it("processes messages of two workspaces in one batch and fails an unknown id (or another tenant's) permanently", async () => {
    const a1 = await post(wsA, SALES);
    const a2 = await post(wsA, "My bag arrived damaged, can you send a replacement?");
    const b1 = await post(wsB, "Do you ship to Canada? I want to buy the Team plan for our office.");
    const from = published.mock.calls.length;

    const results = await handle([
      { workspaceId: wsA.workspaceId, messageId: a1 },
      { workspaceId: wsB.workspaceId, messageId: b1 },
      { workspaceId: wsA.workspaceId, messageId: "no-such-message" },
      { workspaceId: wsA.workspaceId, messageId: b1 }, // B's message asked for in A: RLS hides it
      { workspaceId: wsA.workspaceId, messageId: a2 },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false, true]);
    for (const r of [results[2], results[3]]) {
      expect(errorOf(r)).toBeInstanceOf(PermanentJobError);
      expect(errorOf(r)).toMatchObject({ code: "MESSAGE_NOT_FOUND" });
    }

    const queued: Array<{ workspaceId: string; replyId: string }> = [];
    for (const [ws, id] of [[wsA, a1], [wsA, a2], [wsB, b1]] as const) {
      const s = await messageState(ws, id);
      expect(s.message.status).toBe("PROCESSED");
      expect(s.message.workspaceId).toBe(ws.workspaceId);
      expect(s.message.intent).not.toBeNull();
      expect(s.message.processedAt).not.toBeNull();
      expect(s.message.agentRuns.filter((r) => r.agent === "intent")).toHaveLength(1);
      expect(s.message.agentRuns.every((r) => r.workspaceId === ws.workspaceId)).toBe(true);
      expect(s.lead.lastIntent).toBe(s.message.intent);
      expect(s.audit).toHaveLength(1);
      expect(s.audit[0]!.action).toMatch(/^ai\./);
      for (const reply of s.replies) if (reply.status === "QUEUED") queued.push({ workspaceId: ws.workspaceId, replyId: reply.id });
    }
    expect((await messageState(wsA, a1)).message.intent).toBe("SALES");
    expect((await messageState(wsA, a1)).replies).toHaveLength(1);
    // Exactly the queued replies got a send job, each in its own workspace.
    expect(queued.length).toBeGreaterThan(0);
    const sortById = (xs: typeof queued) => [...xs].sort((x, y) => x.replyId.localeCompare(y.replyId));
    expect(sortById(sendJobsSince(from))).toEqual(sortById(queued));
  });

  it("leaves a contact's lead reflecting the newer of two messages in one batch, whatever their order in the batch", async () => {
    const x = newRef("cust");
    const y = newRef("cust");
    const now = Date.now();
    const olderX = await post(wsA, SALES, { id: x }, new Date(now - 10 * 60_000));
    const newerX = await post(wsA, SPAM, { id: x }, new Date(now - 60_000));
    const olderY = await post(wsA, SPAM, { id: y }, new Date(now - 10 * 60_000));
    const newerY = await post(wsA, SALES, { id: y }, new Date(now - 60_000));

    const results = await handle([newerX, olderX, olderY, newerY].map((messageId) => ({ workspaceId: wsA.workspaceId, messageId })));
    expect(results.every((r) => r.ok)).toBe(true);

    const [sOlderX, sNewerX, sOlderY, sNewerY] = await Promise.all([olderX, newerX, olderY, newerY].map((id) => messageState(wsA, id)));
    expect([sOlderX, sNewerX, sOlderY, sNewerY].map((s) => s!.message.intent)).toEqual(["SALES", "SPAM", "SPAM", "SALES"]);
    expect(sNewerX!.lead).toMatchObject({ lastIntent: "SPAM", tier: "COLD" });
    expect(sNewerY!.lead.lastIntent).toBe("SALES");
    expect(sNewerY!.lead.tier).not.toBe("COLD");
    expect(await withTenant({ workspaceId: wsA.workspaceId }, (tx) => tx.lead.count({ where: { contact: { conversations: { some: { externalThreadId: { in: [`demo-thread-${x}`, `demo-thread-${y}`] } } } } } }))).toBe(2);
  });

  it("changes nothing when a processed batch is handled again", async () => {
    const ids = [await post(wsA, SALES), await post(wsA, "Can I pause my subscription?"), await post(wsA, SPAM)];
    const items = ids.map((messageId) => ({ workspaceId: wsA.workspaceId, messageId }));
    expect((await handle(items)).every((r) => r.ok)).toBe(true);

    const snapshot = () =>
      withTenant({ workspaceId: wsA.workspaceId }, async (tx) => ({
        agentRuns: await tx.agentRun.count(),
        replies: await tx.reply.findMany({ where: { inReplyToId: { in: ids } }, select: { id: true, status: true, updatedAt: true }, orderBy: { id: "asc" } }),
        audit: await tx.auditLog.count(),
        usage: await tx.usageRecord.findMany({ select: { calls: true, model: true }, orderBy: { model: "asc" } }),
        messages: await tx.message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, processedAt: true }, orderBy: { id: "asc" } }),
        leads: await tx.lead.findMany({ where: { contact: { conversations: { some: { messages: { some: { id: { in: ids } } } } } } }, select: { id: true, updatedAt: true, score: true }, orderBy: { id: "asc" } }),
      }));
    const before = await snapshot();
    expect(before.replies.length).toBeGreaterThan(0);
    const from = published.mock.calls.length;

    const again = await handle([...items, items[0]!]); // a repeat inside the batch too
    expect(again).toEqual([{ ok: true }, { ok: true }, { ok: true }, { ok: true }]);
    expect(await snapshot()).toEqual(before);
    // Replies still QUEUED (the send queue is a spy here) get their send job again, under the
    // same dedup id, so a real queue runs each once; nothing else is queued.
    const queued = before.replies.filter((r) => r.status === "QUEUED").map((r) => ({ workspaceId: wsA.workspaceId, replyId: r.id }));
    const resent = sendJobsSince(from);
    expect(resent).toHaveLength(queued.length);
    expect(resent).toEqual(expect.arrayContaining(queued));
  });

  it("fails only the message whose agents throw, persists the others, and processes it on retry", async () => {
    vi.mocked(anonymiseConversation).mockImplementation((text, history, known) => {
      if (text.includes("EXPLODE")) throw new Error("agent crashed");
      return real.anonymiseConversation(text, history, known);
    });
    const ok1 = await post(wsA, SALES);
    const boom = await post(wsA, "Please EXPLODE when you read this: how much is shipping?");
    const ok2 = await post(wsB, "Do you sell wholesale to cafés?");

    const results = await handle([
      { workspaceId: wsA.workspaceId, messageId: ok1 },
      { workspaceId: wsA.workspaceId, messageId: boom },
      { workspaceId: wsB.workspaceId, messageId: ok2 },
    ]);
    expect(results[0]).toEqual({ ok: true });
    expect(results[2]).toEqual({ ok: true });
    expect(errorOf(results[1])).toBeInstanceOf(Error);
    expect(errorOf(results[1])).not.toBeInstanceOf(PermanentJobError);
    expect((errorOf(results[1]) as Error).message).toBe("agent crashed");

    for (const [ws, id] of [[wsA, ok1], [wsB, ok2]] as const) {
      const s = await messageState(ws, id);
      expect(s.message.status).toBe("PROCESSED");
      expect(s.message.agentRuns.length).toBeGreaterThan(0);
      expect(s.audit).toHaveLength(1);
    }
    const failed = await messageState(wsA, boom);
    expect(failed.message.status).not.toBe("PROCESSED");
    expect(failed.message.intent).toBeNull();
    expect(failed.message.agentRuns).toHaveLength(0);
    expect(failed.replies).toHaveLength(0);
    expect(failed.audit).toHaveLength(0);
    expect(failed.lead.lastIntent).toBeNull();

    vi.mocked(anonymiseConversation).mockImplementation(real.anonymiseConversation);
    expect(await handle([{ workspaceId: wsA.workspaceId, messageId: boom }])).toEqual([{ ok: true }]);
    const retried = await messageState(wsA, boom);
    expect(retried.message.status).toBe("PROCESSED");
    expect(retried.message.agentRuns.filter((r) => r.agent === "intent")).toHaveLength(1);
  });

  it("fails a workspace's items transiently when its write transaction fails, leaving nothing half-written", async () => {
    // Every write of the batch happens, then the transaction fails: it must all roll back.
    vi.mocked(persistOutcomes).mockImplementation(async (tx, workspaceId, items) => {
      const written = await real.persistOutcomes(tx, workspaceId, items);
      if (workspaceId === wsA.workspaceId) throw new Error("write transaction failed");
      return written;
    });
    const a1 = await post(wsA, SALES);
    const a2 = await post(wsA, "My order arrived damaged, what can I do?");
    const b1 = await post(wsB, SALES);
    const from = published.mock.calls.length;
    const auditBefore = await withTenant({ workspaceId: wsA.workspaceId }, (tx) => tx.auditLog.count());

    const results = await handle([
      { workspaceId: wsA.workspaceId, messageId: a1 },
      { workspaceId: wsB.workspaceId, messageId: b1 },
      { workspaceId: wsA.workspaceId, messageId: a2 },
    ]);
    expect(results[1]).toEqual({ ok: true });
    for (const r of [results[0], results[2]]) {
      expect(errorOf(r)).toBeInstanceOf(Error);
      expect(errorOf(r)).not.toBeInstanceOf(PermanentJobError);
      expect((errorOf(r) as Error).message).toBe("write transaction failed");
    }
    for (const id of [a1, a2]) {
      const s = await messageState(wsA, id);
      expect(s.message.status).not.toBe("PROCESSED");
      expect(s.message).toMatchObject({ intent: null, processedAt: null, intentConfidence: null });
      expect(s.message.agentRuns).toHaveLength(0);
      expect(s.replies).toHaveLength(0);
      expect(s.audit).toHaveLength(0);
      expect(s.lead).toMatchObject({ lastIntent: null, score: 0, reason: "" });
    }
    expect(await withTenant({ workspaceId: wsA.workspaceId }, (tx) => tx.auditLog.count())).toBe(auditBefore);
    expect(sendJobsSince(from).every((j) => j.workspaceId === wsB.workspaceId)).toBe(true);
    expect((await messageState(wsB, b1)).message.status).toBe("PROCESSED");

    // The retry starts clean.
    vi.mocked(persistOutcomes).mockImplementation(real.persistOutcomes);
    expect(await handle([a1, a2].map((messageId) => ({ workspaceId: wsA.workspaceId, messageId })))).toEqual([{ ok: true }, { ok: true }]);
    for (const id of [a1, a2]) {
      const s = await messageState(wsA, id);
      expect(s.message.status).toBe("PROCESSED");
      expect(s.audit).toHaveLength(1);
      expect(s.message.agentRuns.filter((r) => r.agent === "intent")).toHaveLength(1);
    }
  });

  // Product bug: processWorkspaceBatch (src/server/pipeline/process-message.ts) publishes the
  // send-reply jobs after the write transaction committed; if that publish fails, the retry finds
  // the message PROCESSED and answers ok without publishing, so the QUEUED reply is never sent.
  it("keeps the send job in the outbox when publishing it failed after commit, and queues it again on a retry", async () => {
    const id = await post(wsA, SALES);
    published.mockImplementationOnce(async (name) => {
      throw new Error(`queue down while publishing ${name}`);
    });
    const [first] = await handle([{ workspaceId: wsA.workspaceId, messageId: id }]);
    expect(first).toEqual({ ok: true }); // the work is committed; the relay's failure is the sweeper's
    const s = await messageState(wsA, id);
    expect(s.message.status).toBe("PROCESSED");
    expect(s.replies).toMatchObject([{ status: "QUEUED" }]);
    await flushOutboxAcks(); // rows earlier tests relayed are deleted after ACK_DELAY_MS
    const waiting = await withTenant({ workspaceId: wsA.workspaceId }, (tx) => tx.outboxEntry.findMany({ where: { name: "send-reply" }, select: { dedupId: true } }));
    expect(waiting).toEqual([{ dedupId: s.replies[0]!.id }]);

    const from = published.mock.calls.length;
    expect(await handle([{ workspaceId: wsA.workspaceId, messageId: id }])).toEqual([{ ok: true }]);
    expect(sendJobsSince(from)).toEqual([{ workspaceId: wsA.workspaceId, replyId: s.replies[0]!.id }]);
  });
});

describe("searchArticlesMany", () => {
  beforeAll(async () => {
    await withTenant({ workspaceId: wsB.workspaceId }, (tx) =>
      tx.knowledgeArticle.create({ data: { workspaceId: wsB.workspaceId, title: "Zebra grinder warranty", body: "Every zebra grinder for espresso has a two-year warranty." } }),
    );
  });

  it("answers one list per query, in query order, with an empty list for an empty query", async () => {
    const queries = ["Pro plan price per month", "", "ship to Canada", "   ", "zebra grinder", "refund damaged bag"];
    const { many, single, ownIds } = await withTenant({ workspaceId: wsA.workspaceId }, async (tx) => ({
      many: await searchArticlesMany(tx, wsA.workspaceId, queries, 3),
      single: await Promise.all(queries.map((q) => searchArticles(tx, wsA.workspaceId, q, 3))),
      ownIds: new Set((await tx.knowledgeArticle.findMany({ select: { id: true } })).map((a) => a.id)),
    }));
    expect(many).toHaveLength(queries.length);
    expect(many.map((list) => list[0]?.title ?? null)).toEqual(["Subscription plans and pricing", null, "Shipping", null, null, "Returns and refunds"]);
    expect(many).toEqual(single);
    for (const list of many) {
      expect(list.length).toBeLessThanOrEqual(3);
      for (const s of list) expect(ownIds.has(s.id)).toBe(true);
      for (let i = 1; i < list.length; i += 1) expect(list[i]!.rank).toBeLessThanOrEqual(list[i - 1]!.rank);
    }
  });

  it("respects the limit and never returns another workspace's article", async () => {
    const inA = await withTenant({ workspaceId: wsA.workspaceId }, (tx) => searchArticlesMany(tx, wsA.workspaceId, ["zebra grinder", "plan or shipping or bag or roast", ""], 2));
    expect(inA[0]).toEqual([]);
    expect(inA[1]).toHaveLength(2);
    expect(inA[2]).toEqual([]);
    const inB = await withTenant({ workspaceId: wsB.workspaceId }, (tx) => searchArticlesMany(tx, wsB.workspaceId, ["zebra grinder"], 3));
    expect(inB[0]!.map((s) => s.title)).toEqual(["Zebra grinder warranty"]);
    expect(await withTenant({ workspaceId: wsA.workspaceId }, (tx) => searchArticlesMany(tx, wsA.workspaceId, [], 3))).toEqual([]);
  });
});
