import { afterEach, describe, expect, it } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { runConnectionSync, type SyncResult } from "@/server/crm/sync/run-connection-sync";
import { createWebhookConnector } from "@/server/crm/webhook/webhook-connector";
import { startWebhookReceiver, type WebhookReceiver, type WebhookReceiverOptions } from "../fakes/crm-webhook/receiver";
import { createWebhookConnection, newSecret, readAudit, readConnection, readLeadVersions, readLinks, readRuns, seedWorkspace, testClock } from "./crm-sync-setup";

/**
 * The sync engine end to end against the signed-webhook receiver (real HTTP, real signatures,
 * real PostgreSQL): batches, versions, the lease, crash recovery, and 30% of requests failing.
 */
const connector = createWebhookConnector({ timeoutMs: 2_000 });
const noSleep = async () => undefined;
let receivers: WebhookReceiver[] = [];

afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

async function setUp(leads: number, options: Omit<WebhookReceiverOptions, "secret"> = {}) {
  const secret = newSecret();
  const receiver = await startWebhookReceiver({ secret, ...options });
  receivers.push(receiver);
  const ws = await seedWorkspace(leads);
  const connectionId = await createWebhookConnection(ws.workspaceId, receiver.url, secret);
  return { ...ws, receiver, connectionId, secret };
}

const isRun = (r: SyncResult): r is Extract<SyncResult, { runId: string }> => "runId" in r;

describe("CRM sync to the signed webhook", () => {
  it("sends every changed lead once in batches of 100, records links, run and audit, and then only what changed", async () => {
    const { workspaceId, connectionId, receiver, leadIds, contactIds } = await setUp(230);
    const first = await runConnectionSync(workspaceId, connectionId, "MANUAL", { connector, sleep: noSleep });
    expect(first).toMatchObject({ status: "SUCCEEDED", counts: { attempted: 230, synced: 230, created: 230, failed: 0, dead: 0 }, continued: false });
    expect(receiver.calls.upsert).toBe(3); // 100 + 100 + 30
    expect(receiver.records.size).toBe(230);
    expect(receiver.notes.size).toBe(230);
    const sample = receiver.records.get(leadIds[7]!)!;
    expect(sample.fields).toMatchObject({ name: "Person 7", email: "person7@example.test", handle: "@person7", tier: "WARM", platform: "demo", status: "NEW" });
    expect(String(sample.fields.inboxUrl)).toMatch(/\/inbox\/c/);
    expect(receiver.notes.get(leadIds[7]!)!.lastMessages[0]!.text).toBe("How much is it? #7");

    const links = await readLinks(workspaceId, connectionId);
    const versions = await readLeadVersions(workspaceId);
    expect(links).toHaveLength(230);
    for (const link of links) {
      expect(link).toMatchObject({ state: "SYNCED", attempts: 0, lastError: null, externalId: link.leadId }); // no `results` answer: the key is the id
      expect(Number(link.syncedVersion)).toBe(versions.get(link.leadId));
    }
    const [run] = await readRuns(workspaceId, connectionId);
    expect(run).toMatchObject({ status: "SUCCEEDED", trigger: "MANUAL", attempted: 230, succeeded: 230, created: 230, calls: 6, error: null });
    expect(run!.durationMs).toBeGreaterThanOrEqual(0);
    const connection = await readConnection(workspaceId, connectionId);
    expect(connection).toMatchObject({ status: "ACTIVE", leaseOwner: null, leaseUntil: null, lastError: null });
    expect(connection.nextSyncAt!.getTime()).toBeGreaterThan(Date.now() + 3 * 60_000);
    const [audit] = await readAudit(workspaceId, "crm.sync");
    expect(audit!.metadata).toMatchObject({ status: "SUCCEEDED", synced: 230, calls: 6 });
    expect(JSON.stringify(audit!.metadata)).not.toMatch(/Person|example\.test|@person/);

    // Nothing changed: nothing sent.
    const idle = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep });
    expect(idle).toMatchObject({ status: "SUCCEEDED", counts: { attempted: 0 }, calls: 0 });
    expect(receiver.calls.upsert).toBe(3);

    // A lead's score and another's contact name change: only those two go, at their new versions.
    await withTenant({ workspaceId }, async (tx) => {
      await tx.lead.update({ where: { id: leadIds[3]! }, data: { score: 99 } });
      const { encrypt } = await import("@/server/infra/crypto/field-crypto");
      await tx.contact.update({ where: { id: contactIds[4]! }, data: { displayNameEnc: encrypt("Renamed Person") } });
    });
    const again = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep });
    expect(again).toMatchObject({ status: "SUCCEEDED", counts: { attempted: 2, synced: 2, created: 0, updated: 2 } });
    expect(receiver.records.get(leadIds[3]!)!.fields.score).toBe(99);
    expect(receiver.records.get(leadIds[4]!)!.fields.name).toBe("Renamed Person");
    expect(receiver.records.get(leadIds[4]!)!.version).toBe((await readLeadVersions(workspaceId)).get(leadIds[4]!));
    expect(receiver.records.size).toBe(230);
  });

  it("lets one of two concurrent runs work and the other return busy, without duplicates", async () => {
    const { workspaceId, connectionId, receiver } = await setUp(150);
    const [a, b] = await Promise.all([
      runConnectionSync(workspaceId, connectionId, "MANUAL", { connector, sleep: noSleep }),
      runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual(["SUCCEEDED", "busy"]);
    expect(receiver.records.size).toBe(150);
    expect([...receiver.received.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.calls.upsert).toBe(2);
    expect(await readRuns(workspaceId, connectionId)).toHaveLength(1);
  });

  it("resumes after a crash between the CRM call and the link write without a duplicate record", async () => {
    const { workspaceId, connectionId, receiver } = await setUp(120);
    const clock = testClock();
    let crashes = 0;
    await expect(
      runConnectionSync(workspaceId, connectionId, "SCHEDULED", {
        connector, sleep: noSleep, now: clock.now,
        afterUpsert: () => {
          crashes += 1;
          throw new Error("worker killed");
        },
      }),
    ).rejects.toThrow("worker killed");
    // The run keeps two batches in flight (BATCH_PIPELINES): the second (20) may reach the receiver before the first crash halts it.
    expect([1, 2]).toContain(crashes);
    expect(await readLinks(workspaceId, connectionId)).toHaveLength(0); // the CRM took 100 (or 120), we recorded nothing
    expect(receiver.records.size).toBe(crashes === 1 ? 100 : 120);
    const [crashed] = await readRuns(workspaceId, connectionId);
    expect(crashed).toMatchObject({ status: "FAILED" });
    expect(crashed!.error).toMatch(/stopped unexpectedly \(Error\)/);

    clock.advance(60_000);
    const resumed = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
    expect(resumed).toMatchObject({ status: "SUCCEEDED", counts: { synced: 120 } });
    // The same batches went again with the same delivery ids; the receiver keeps one record per key.
    expect(receiver.calls.duplicateDeliveries).toBe(crashes);
    expect(receiver.records.size).toBe(120);
    expect((await readLinks(workspaceId, connectionId)).every((l) => l.state === "SYNCED")).toBe(true);
  });

  it("with 30% of requests failing (5xx and 429, seeded) ends with every lead in the receiver once per version and every link SYNCED", async () => {
    const { workspaceId, connectionId, receiver } = await setUp(600, { chaos: { rate: 0.3, seed: 42, retryAfterSeconds: 0, when: "before" } });
    const clock = testClock();
    let runs = 0;
    for (; runs < 60; runs++) {
      const result = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
      clock.advance(31 * 60_000); // past any connection backoff
      if (isRun(result) && result.status === "SUCCEEDED" && result.counts.attempted === 0) break;
    }
    expect(receiver.calls.failedByChaos).toBeGreaterThanOrEqual(3);
    expect(receiver.records.size).toBe(600);
    // Refused before processing, so any second receipt of a key@version would be our bug.
    expect([...receiver.received.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const links = await readLinks(workspaceId, connectionId);
    const versions = await readLeadVersions(workspaceId);
    expect(links.every((l) => l.state === "SYNCED" && l.attempts === 0 && Number(l.syncedVersion) === versions.get(l.leadId))).toBe(true);
    const runRows = await readRuns(workspaceId, connectionId);
    expect(runRows.some((r) => r.status === "FAILED" || r.status === "PARTIAL")).toBe(true);
    expect(await readConnection(workspaceId, connectionId)).toMatchObject({ status: "ACTIVE", lastError: null, failingSince: null });
  });

  it("when failures hit after the receiver stored a batch, retries carry the same delivery id and the receiver keeps one record per lead", async () => {
    const { workspaceId, connectionId, receiver } = await setUp(200, { chaos: { rate: 0.3, seed: 7, when: "after" } });
    const clock = testClock();
    for (let i = 0; i < 60; i++) {
      const result = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
      clock.advance(31 * 60_000);
      if (isRun(result) && result.status === "SUCCEEDED" && result.counts.attempted === 0) break;
    }
    expect(receiver.calls.failedByChaos).toBeGreaterThan(0);
    expect(receiver.calls.duplicateDeliveries).toBeGreaterThan(0);
    expect(receiver.records.size).toBe(200);
    const versions = await readLeadVersions(workspaceId);
    for (const [key, record] of receiver.records) expect(record.version).toBe(versions.get(key));
    expect((await readLinks(workspaceId, connectionId)).every((l) => l.state === "SYNCED")).toBe(true);
  });
});
