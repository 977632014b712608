import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resolveChannel } from "@/server/channels/resolve-channel";
import { decryptOptional } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { flushOutboxAcks } from "@/server/infra/outbox/relay-outbox";
import { ingestEvent } from "@/server/pipeline/ingest-event";
import { QueuePublishError, type QueuePort } from "@/server/infra/queue/queue-port";
import { queue, startQueue, stopQueue } from "@/server/infra/runtime/queue";
import { demoEvent, demoEventBody, messageIdOf, newRef, postAndFind } from "../helpers/pipeline-batches";
import { createPipelineWorkspace, postDemo, waitFor } from "../helpers/pipeline";

/**
 * Webhook ingest in group-committed batches, through the signed Demo webhook (or ingestEvent
 * for events the webhook cannot carry), on the embedded queue.
 */
type Ws = Awaited<ReturnType<typeof createPipelineWorkspace>>;

const tenant = <T>(ws: Ws, fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ workspaceId: ws.workspaceId }, fn);

async function waitProcessed(ws: Ws, platformMessageIds: string[]) {
  await waitFor(
    async () => (await tenant(ws, (tx) => tx.message.count({ where: { platformMessageId: { in: platformMessageIds }, status: "PROCESSED" } }))) === platformMessageIds.length,
    60_000,
    `${platformMessageIds.length} messages processed`,
  );
}

async function contactOf(ws: Ws, customerId: string) {
  return tenant(ws, (tx) => tx.contact.findFirstOrThrow({ where: { conversations: { some: { externalThreadId: `demo-thread-${customerId}` } } } }));
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

describe("ingest in batches", () => {
  it("stores 30 concurrent webhooks from 3 customers as 3 contacts, leads and conversations and 30 messages, each processed once", async () => {
    const ws = await createPipelineWorkspace();
    const customers = ["a", "b", "c"].map((k) => ({ id: newRef(`cust-${k}`), name: `Robin ${k.toUpperCase()}ster`, handle: `robin_${k}`, followers: 40 }));
    const start = Date.now() - 60_000;
    const bodies = Array.from({ length: 30 }, (_, i) =>
      demoEventBody(ws.externalId, { text: `Question ${i}: how much is the Pro plan per month?`, customer: customers[i % 3]!, sentAt: new Date(start + i * 1000) }),
    );

    const results = await Promise.all(bodies.map((body) => postDemo(ws, body)));
    expect(results).toEqual(bodies.map(() => ({ received: 1, stored: 1, duplicates: 0 })));

    const pmids = bodies.map(messageIdOf);
    await waitProcessed(ws, pmids);
    const counts = await tenant(ws, async (tx) => ({
      contacts: await tx.contact.count(),
      leads: await tx.lead.count(),
      conversations: await tx.conversation.count(),
      messages: await tx.message.count(),
      intentRuns: await tx.agentRun.groupBy({ by: ["messageId"], where: { agent: "intent" }, _count: { _all: true } }),
    }));
    expect(counts).toMatchObject({ contacts: 3, leads: 3, conversations: 3, messages: 30 });
    // Every message ran through the agents exactly once.
    expect(counts.intentRuns).toHaveLength(30);
    expect(counts.intentRuns.every((r) => r._count._all === 1)).toBe(true);

    // Each conversation holds its customer's 10 messages and ends at the newest one.
    for (const [k, customer] of customers.entries()) {
      const conversation = await tenant(ws, (tx) =>
        tx.conversation.findFirstOrThrow({ where: { externalThreadId: `demo-thread-${customer.id}` }, include: { _count: { select: { messages: true } } } }),
      );
      expect(conversation).toMatchObject({ _count: { messages: 10 } });
      expect(conversation.lastInboundAt?.getTime()).toBe(start + (27 + k) * 1000);
    }
  });

  it("stores an event posted 5 times at once once, and reports the other 4 as duplicates", async () => {
    const ws = await createPipelineWorkspace();
    const body = demoEventBody(ws.externalId, { text: "Do you ship to Canada?", customer: { id: newRef("cust"), name: "Sam Okafor" } });
    const results = await Promise.all(Array.from({ length: 5 }, () => postDemo(ws, body)));
    expect(results.reduce((n, r) => n + r.stored, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(4);

    await waitProcessed(ws, [messageIdOf(body)]);
    const stored = await tenant(ws, (tx) => tx.message.findMany({ where: { platformMessageId: messageIdOf(body) }, include: { agentRuns: true } }));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.agentRuns.filter((r) => r.agent === "intent")).toHaveLength(1);
    expect(await tenant(ws, (tx) => tx.contact.count())).toBe(1);

    // Copies in one flush: the first is stored, the others resolve to its row.
    const event = demoEvent(ws.externalId, { text: "And to Mexico?", customer: { id: newRef("cust") } });
    const copies = await Promise.all([ingestEvent(event), ingestEvent({ ...event }), ingestEvent({ ...event })]);
    expect(copies.map((c) => c.status)).toEqual(["stored", "duplicate", "duplicate"]);
    expect(new Set(copies.map((c) => (c.status === "unknown-channel" ? null : c.messageId))).size).toBe(1);
    await waitProcessed(ws, [event.platformMessageId]);
    expect(await tenant(ws, (tx) => tx.message.count({ where: { platformMessageId: event.platformMessageId } }))).toBe(1);
  });

  it("writes the events of two workspaces in one flush each into its own tenant", async () => {
    const [wsA, wsB] = [await createPipelineWorkspace(), await createPipelineWorkspace()];
    // The same platform ids in both: only the channel tells them apart.
    const customer = { id: newRef("cust"), name: "Kim Lee" };
    const messageId = newRef("m");
    const [a, b] = await Promise.all([
      ingestEvent(demoEvent(wsA.externalId, { text: "Hello from A", customer, messageId })),
      ingestEvent(demoEvent(wsB.externalId, { text: "Hello from B", customer, messageId })),
    ]);
    expect(a).toMatchObject({ status: "stored", workspaceId: wsA.workspaceId });
    expect(b).toMatchObject({ status: "stored", workspaceId: wsB.workspaceId });
    if (a.status !== "stored" || b.status !== "stored") throw new Error("unreachable");
    expect(a.messageId).not.toBe(b.messageId);

    for (const [ws, own, other] of [[wsA, a, b], [wsB, b, a]] as const) {
      const seen = await tenant(ws, async (tx) => ({
        messages: await tx.message.findMany({ where: { id: { in: [own.messageId, other.messageId] } }, select: { id: true, workspaceId: true } }),
        contacts: await tx.contact.findMany({ select: { workspaceId: true } }),
      }));
      expect(seen.messages).toEqual([{ id: own.messageId, workspaceId: ws.workspaceId }]);
      expect(seen.contacts).toEqual([{ workspaceId: ws.workspaceId }]);
    }
    await waitProcessed(wsA, [messageId]);
    await waitProcessed(wsB, [messageId]);
  });

  it("keeps a contact's stored name, handle and followers when a later event does not carry them", async () => {
    const ws = await createPipelineWorkspace();
    const id = newRef("cust");
    await postAndFind(ws, { text: "Hi, what roasts do you have?", customer: { id, name: "Ana Lima", handle: "ana_lima", followers: 512, verified: true } });
    await postAndFind(ws, { text: "And for espresso?", customer: { id } });

    const contact = await contactOf(ws, id);
    expect(decryptOptional(contact.displayNameEnc)).toBe("Ana Lima");
    expect(decryptOptional(contact.handleEnc)).toBe("ana_lima");
    expect(contact.followers).toBe(512);
    expect(contact.displayNameEnc).not.toContain("Ana"); // stored encrypted

    // A value the event does carry replaces the stored one.
    await postAndFind(ws, { text: "Thanks!", customer: { id, name: "Ana B. Lima", followers: 600 } });
    const updated = await contactOf(ws, id);
    expect(decryptOptional(updated.displayNameEnc)).toBe("Ana B. Lima");
    expect(decryptOptional(updated.handleEnc)).toBe("ana_lima");
    expect(updated.followers).toBe(600);
    expect(await tenant(ws, (tx) => tx.contact.count())).toBe(1);
  });

  // Product bug: upsertContacts (src/server/pipeline/store-inbound-events.ts) keeps only the
  // last event per sender of a batch, so a profile-less second event erases the first's profile
  // (the name, handle and followers are never stored).
  it("keeps a new contact's name when a second event of the same batch does not carry it", async () => {
    const ws = await createPipelineWorkspace();
    // With the channel cached, the batch keeps the events' arrival order (on a cache miss the
    // order is that of the route lookups finishing, so which profile "wins" is chance).
    await resolveChannel("DEMO", ws.externalId);
    const id = newRef("cust");
    const results = await Promise.all([
      ingestEvent(demoEvent(ws.externalId, { text: "Hi, I'd like the Pro plan", customer: { id, name: "Ana Lima", handle: "ana_lima", followers: 512 } })),
      ingestEvent(demoEvent(ws.externalId, { text: "How much is it?", customer: { id } })),
    ]);
    expect(results.map((r) => r.status)).toEqual(["stored", "stored"]);
    const contact = await contactOf(ws, id);
    expect({ name: decryptOptional(contact.displayNameEnc), handle: decryptOptional(contact.handleEnc), followers: contact.followers }).toEqual({
      name: "Ana Lima",
      handle: "ana_lima",
      followers: 512,
    });
  });

  it("acknowledges an event for an unknown channel and stores the good ones beside it", async () => {
    const ws = await createPipelineWorkspace();
    const good = [1, 2].map((i) => demoEvent(ws.externalId, { text: `Message ${i}`, customer: { id: newRef("cust"), name: "Lou Grant" } }));
    const results = await Promise.all([
      ingestEvent(good[0]!),
      ingestEvent(demoEvent(`demo-unknown-${newRef("ch")}`, { text: "lost", customer: { id: "x" } })),
      ingestEvent(good[1]!),
    ]);
    expect(results.map((r) => r.status)).toEqual(["stored", "unknown-channel", "stored"]);
    const pmids = good.map((e) => e.platformMessageId);
    expect(await tenant(ws, (tx) => tx.message.count({ where: { platformMessageId: { in: pmids } } }))).toBe(2);
    await waitProcessed(ws, pmids);
  });

  it("acknowledges the webhook when the jobs cannot be queued: the jobs wait in the outbox, and a redelivery stays a duplicate", async () => {
    const ws = await createPipelineWorkspace();
    const q = queue() as unknown as QueuePort; // untyped, as publishJobs uses it
    const publishMany = q.publishMany.bind(q);
    const spy = vi.spyOn(q, "publishMany").mockImplementation(async (name, items) => {
      if (name === "process-message") throw new QueuePublishError(name, "queue unavailable");
      return publishMany(name, items);
    });
    const bodies = [1, 2, 3].map((i) => demoEventBody(ws.externalId, { text: `Is the Team plan good for ${i * 10} people?`, customer: { id: newRef("cust"), name: "Pat Doe" } }));
    expect(await Promise.all(bodies.map((body) => postDemo(ws, body)))).toEqual(bodies.map(() => ({ received: 1, stored: 1, duplicates: 0 })));
    expect(spy).toHaveBeenCalled();

    const pmids = bodies.map(messageIdOf);
    const statuses = () => tenant(ws, (tx) => tx.message.findMany({ where: { platformMessageId: { in: pmids } }, select: { status: true } }));
    expect((await statuses()).map((m) => m.status)).toEqual(["RECEIVED", "RECEIVED", "RECEIVED"]);
    await flushOutboxAcks(); // rows relayed before this test are deleted after ACK_DELAY_MS
    expect(await tenant(ws, (tx) => tx.outboxEntry.count({ where: { name: "process-message" } }))).toBe(3);

    // A redelivery re-records the job and this time the relay gets it out.
    spy.mockRestore();
    const redelivered = await Promise.all(bodies.map((body) => postDemo(ws, body)));
    expect(redelivered).toEqual(bodies.map(() => ({ received: 1, stored: 0, duplicates: 1 })));
    await waitProcessed(ws, pmids);
    expect(await tenant(ws, (tx) => tx.message.count({ where: { platformMessageId: { in: pmids } } }))).toBe(3);
  });
});
