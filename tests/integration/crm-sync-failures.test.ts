import { afterEach, describe, expect, it } from "vitest";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { dbPool } from "@/server/infra/db/client";
import { OutboxWriter } from "@/server/infra/outbox/outbox-entry";
import { MAX_RECORD_ATTEMPTS } from "@/server/crm/sync/backoff";
import { retryCrmLink } from "@/server/crm/sync/request-sync";
import { runConnectionSync } from "@/server/crm/sync/run-connection-sync";
import { syncDueConnections } from "@/server/crm/sync/sync-due-connections";
import { createWebhookConnector } from "@/server/crm/webhook/webhook-connector";
import { startWebhookReceiver, type WebhookReceiver, type WebhookReceiverOptions } from "../fakes/crm-webhook/receiver";
import { createWebhookConnection, newSecret, readAudit, readConnection, readLeadVersions, readLinks, readRuns, seedWorkspace, testClock } from "./crm-sync-setup";

/** What the sync does when the CRM refuses records, credentials or the mapping, or is down for an hour. */
const connector = createWebhookConnector({ timeoutMs: 1_000 });
const noSleep = async () => undefined;
let receivers: WebhookReceiver[] = [];

afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

async function setUp(leads: number, options: Omit<WebhookReceiverOptions, "secret"> = {}, fieldMapping?: Record<string, string>) {
  const secret = newSecret();
  const receiver = await startWebhookReceiver({ secret, ...options });
  receivers.push(receiver);
  const ws = await seedWorkspace(leads);
  const connectionId = await createWebhookConnection(ws.workspaceId, receiver.url, secret, { fieldMapping });
  return { ...ws, receiver, connectionId, secret };
}

describe("CRM sync failures", () => {
  it("marks a rejected record FAILED with the CRM's reason without blocking its batch, backs off, and DEAD after 8 attempts", async () => {
    let rejected = "";
    const { workspaceId, connectionId, receiver, leadIds } = await setUp(30, { reject: (lead) => (lead.key === rejected ? "INVALID_EMAIL: not a valid address" : null) });
    rejected = leadIds[5]!;
    const clock = testClock();
    const first = await runConnectionSync(workspaceId, connectionId, "MANUAL", { connector, sleep: noSleep, now: clock.now });
    expect(first).toMatchObject({ status: "PARTIAL", counts: { attempted: 30, synced: 29, failed: 1, dead: 0 } });
    const links = await readLinks(workspaceId, connectionId);
    const bad = links.find((l) => l.leadId === rejected)!;
    expect(bad).toMatchObject({ state: "FAILED", attempts: 1, lastError: "INVALID_EMAIL: not a valid address", syncedVersion: 0n });
    expect(bad.nextAttemptAt!.getTime()).toBe(clock.now().getTime() + 60_000);
    expect(links.filter((l) => l.state === "SYNCED")).toHaveLength(29);
    expect(receiver.records.size).toBe(29);
    expect(await readConnection(workspaceId, connectionId)).toMatchObject({ status: "ACTIVE" }); // a record's fault is not the connection's

    // Within its backoff it is not retried.
    const early = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
    expect(early).toMatchObject({ counts: { attempted: 0 } });

    for (let attempt = 2; attempt <= MAX_RECORD_ATTEMPTS; attempt++) {
      clock.advance(7 * 60 * 60_000); // past the longest backoff
      await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
    }
    const dead = (await readLinks(workspaceId, connectionId)).find((l) => l.leadId === rejected)!;
    expect(dead).toMatchObject({ state: "DEAD", attempts: MAX_RECORD_ATTEMPTS, lastError: "INVALID_EMAIL: not a valid address", nextAttemptAt: null });
    const runs = await readRuns(workspaceId, connectionId);
    expect(runs.at(-1)).toMatchObject({ status: "PARTIAL", dead: 1 });
    clock.advance(7 * 60 * 60_000);
    expect(await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now })).toMatchObject({ counts: { attempted: 0 } });

    // The admin fixes it at the source and presses Retry: back to PENDING with a fresh budget, and a sync is requested.
    rejected = "";
    const outbox = new OutboxWriter();
    expect(await withTenant({ workspaceId }, (tx) => retryCrmLink(tx, outbox, workspaceId, dead.id))).toBe(true);
    expect(outbox.entries).toEqual([expect.objectContaining({ kind: "job", name: "crm-sync-connection", payload: { workspaceId, connectionId, trigger: "RETRY" } })]);
    expect(await withTenant({ workspaceId }, (tx) => retryCrmLink(tx, new OutboxWriter(), workspaceId, dead.id))).toBe(false); // already PENDING
    const retried = await runConnectionSync(workspaceId, connectionId, "RETRY", { connector, sleep: noSleep, now: clock.now });
    expect(retried).toMatchObject({ status: "SUCCEEDED", counts: { attempted: 1, synced: 1 } });
    expect(receiver.records.has(rejected || dead.leadId)).toBe(true);
  });

  it("revoked credentials: NEEDS_REAUTH with an audit entry, leads left pending, and everything syncs after the reconnect", async () => {
    const { workspaceId, connectionId, receiver, secret } = await setUp(40);
    receiver.setSecret(newSecret()); // the receiver no longer accepts our secret
    const refused = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep });
    expect(refused).toMatchObject({ status: "FAILED", counts: { synced: 0 } });
    expect(refused).toHaveProperty("error", expect.stringMatching(/refused the signature \(401\)/));
    expect(receiver.refusals).toEqual(["bad_signature"]);
    const connection = await readConnection(workspaceId, connectionId);
    expect(connection).toMatchObject({ status: "NEEDS_REAUTH", leaseOwner: null });
    expect(connection.lastError).toMatch(/reconnect/);
    const [audit] = await readAudit(workspaceId, "crm.needs_reauth");
    expect(audit).toMatchObject({ actorType: "SYSTEM", targetId: connectionId });
    expect(JSON.stringify(audit!.metadata)).not.toContain(secret);
    expect(await readLinks(workspaceId, connectionId)).toEqual([]); // nothing consumed: the leads wait

    // While it needs re-auth, runs do nothing and the scheduler does not pick it.
    expect(await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep })).toEqual({ status: "skipped", reason: "needs_reauth" });
    const published: string[] = [];
    const publish = async (_name: string, items: ReadonlyArray<{ payload: { connectionId: string } }>) => items.map((i) => (published.push(i.payload.connectionId), { id: null, deduplicated: false }));
    await syncDueConnections({ publish } as never);
    expect(published).not.toContain(connectionId);

    // Reconnect: a new secret shared with the receiver, status ACTIVE.
    const fresh = newSecret();
    receiver.setSecret(fresh);
    await withTenant({ workspaceId }, (tx) => tx.crmConnection.update({ where: { id: connectionId }, data: { credentialsEnc: encrypt(fresh), status: "ACTIVE", lastError: null } }));
    const after = await runConnectionSync(workspaceId, connectionId, "CONNECTED", { connector, sleep: noSleep });
    expect(after).toMatchObject({ status: "SUCCEEDED", counts: { synced: 40 } });
    expect(receiver.records.size).toBe(40);
  });

  it("the CRM down for an hour: every run fails without consuming attempts, the connection backs off, and all sync once it is back", async () => {
    const { workspaceId, connectionId, receiver } = await setUp(150);
    const clock = testClock();
    const first = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
    expect(first).toMatchObject({ status: "SUCCEEDED", counts: { synced: 150 } });
    // Everything changes, then the receiver goes down (sticky 503) for an hour.
    await withTenant({ workspaceId }, (tx) => tx.lead.updateMany({ where: { workspaceId }, data: { reason: "Wants a quote for 40 units" } }));
    receiver.faults.inject("deliveries", { kind: "server-error", status: 503 }, { sticky: true });
    const started = clock.now().getTime();
    const waits: number[] = [];
    while (clock.now().getTime() - started < 60 * 60_000) {
      const result = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
      expect(result).toMatchObject({ status: "FAILED", error: "The webhook receiver answered 503." });
      const c = await readConnection(workspaceId, connectionId);
      expect(c).toMatchObject({ status: "FAILING", lastError: "The webhook receiver answered 503." });
      expect(c.failingSince!.getTime()).toBe(started);
      waits.push(c.nextSyncAt!.getTime() - clock.now().getTime());
      clock.advance(c.nextSyncAt!.getTime() - clock.now().getTime());
    }
    // Exponential: 1, 1, 2, 4, 8, 16, 30 ... minutes, capped at 30.
    expect(waits.slice(0, 5)).toEqual([60_000, 60_000, 120_000, 240_000, 480_000]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(30 * 60_000);
    const links = await readLinks(workspaceId, connectionId);
    expect(links.every((l) => l.state === "SYNCED" && l.attempts === 0)).toBe(true); // waiting at their old version, no attempt spent
    const versions = await readLeadVersions(workspaceId);
    expect([...receiver.records.values()].every((r) => r.version < versions.get(r.key)!)).toBe(true); // still the old versions

    receiver.faults.clear();
    const back = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
    expect(back).toMatchObject({ status: "SUCCEEDED", counts: { synced: 150, failed: 0 } });
    expect([...receiver.records.values()].every((r) => r.fields.reason === "Wants a quote for 40 units" && r.version === versions.get(r.key))).toBe(true);
    expect(await readConnection(workspaceId, connectionId)).toMatchObject({ status: "ACTIVE", lastError: null, failingSince: null });
  });

  it("a timeout and a long 429 end the run with the CRM's wait; a short 429 is waited out inside the run", async () => {
    const { workspaceId, connectionId, receiver } = await setUp(20);
    const clock = testClock();
    receiver.faults.inject("deliveries", { kind: "timeout", delayMs: 5_000 });
    const timedOut = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
    expect(timedOut).toMatchObject({ status: "FAILED", error: "The webhook receiver did not answer within 1000 ms." });

    receiver.faults.inject("deliveries", { kind: "rate-limit", resetInSeconds: 600 });
    const limited = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
    expect(limited).toMatchObject({ status: "FAILED" });
    const c = await readConnection(workspaceId, connectionId);
    expect(c.nextSyncAt!.getTime() - clock.now().getTime()).toBe(600_000);

    receiver.faults.inject("deliveries", { kind: "rate-limit", resetInSeconds: 1 }, { times: 2 });
    const t0 = Date.now();
    const waited = await runConnectionSync(workspaceId, connectionId, "SCHEDULED", { connector, now: clock.now }); // real sleep
    expect(waited).toMatchObject({ status: "SUCCEEDED", counts: { synced: 20 } });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_900);
  });

  it("a mapping to a field the receiver cannot take: FAILING with the error, pushed out an hour, and the job does not throw", async () => {
    const { workspaceId, connectionId, receiver } = await setUp(10, {}, { name: "full name!" });
    const clock = testClock();
    const { syncConnectionJob } = await import("@/server/crm/sync/sync-connection-job");
    // The job handler with a connector from the registry (the real webhook connector): local http is allowed outside production.
    const result = await syncConnectionJob({ workspaceId, connectionId, trigger: "SCHEDULED" }, { publish: async (_n, items) => items.map(() => ({ id: null, deduplicated: false })) });
    expect(result).toMatchObject({ status: "FAILED" });
    const c = await readConnection(workspaceId, connectionId);
    expect(c.status).toBe("FAILING");
    expect(c.lastError).toMatch(/mapped webhook field name/);
    expect(c.nextSyncAt!.getTime() - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(receiver.calls.total).toBe(0);
    const { rows } = await dbPool().query<{ id: string }>(`SELECT id FROM crm_connections_due_for_sync($1::timestamp(3), 5000)`, [clock.now().toISOString()]);
    expect(rows.map((r) => r.id)).not.toContain(connectionId);
  });
});
