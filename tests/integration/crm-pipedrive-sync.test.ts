import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { pipedriveConnector as connector } from "@/server/crm/pipedrive/pipedrive-connector";
import { runConnectionSync } from "@/server/crm/sync/run-connection-sync";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { startPipedriveFake, type PipedriveFake } from "../fakes/pipedrive/server";
import { readAudit, readConnection, readLinks, readRuns, seedWorkspace, testClock } from "./crm-sync-setup";

/**
 * The sync engine with Pipedrive's connector (registry row, API token) against its fake: a person
 * per lead found again by the "Leadline ID" field (no bulk upsert: search, then add or update),
 * one Pipedrive lead and one note each, an invalid email refused per record, a won deal back as
 * WON, and a regenerated API token.
 */
let fake: PipedriveFake;
const noSleep = async () => undefined;
// A roomy plan, so the run is paced by the engine's own limiter without waiting seconds on the search burst.
const METADATA = { burstRequests: "1000", searchBurst: "1000", dailyTokens: "10000000" };

beforeAll(async () => {
  fake = await startPipedriveFake({ burst: 1_000, searchBurst: 1_000, dailyTokens: 10_000_000 });
  process.env.PIPEDRIVE_API_URL = fake.url;
  process.env.PIPEDRIVE_TIMEOUT_MS = "2000";
  resetEnvCache();
});
afterAll(() => fake.close());
afterEach(() => fake.faults.clear());

async function pipedriveConnection(workspaceId: string) {
  const row = await withTenant({ workspaceId }, (tx) =>
    tx.crmConnection.create({ data: { workspaceId, provider: "PIPEDRIVE", label: "Owen Bikes", credentialsEnc: encrypt(fake.apiToken), metadata: METADATA, fieldMapping: connector.defaultMapping } }),
  );
  return row.id;
}

const personsHolding = (key: string) => {
  const field = fake.keyFieldKey();
  return [...fake.store.persons.values()].filter((p) => !p.is_deleted && field !== null && p.custom_fields[field] === key);
};

describe("CRM sync with Pipedrive (fake)", () => {
  it("creates one person, lead and note per lead, refuses an invalid email per record, and updates without duplicates", async () => {
    const ws = await seedWorkspace(30, "Pipedrive sync");
    const bad = ws.leadIds[4]!;
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.contact.update({ where: { id: ws.contactIds[4]! }, data: { emailEnc: encrypt("person4-at-example") } }));
    const id = await pipedriveConnection(ws.workspaceId);
    const clock = testClock();

    const first = await runConnectionSync(ws.workspaceId, id, "CONNECTED", { connector, sleep: noSleep, now: clock.now });
    expect(first).toMatchObject({ status: "PARTIAL", counts: { attempted: 30, synced: 29, created: 29, failed: 1 } });
    const links = await readLinks(ws.workspaceId, id);
    for (const link of links.filter((l) => l.leadId !== bad)) {
      const persons = personsHolding(link.leadId);
      expect(persons).toHaveLength(1);
      expect(link).toMatchObject({ state: "SYNCED", externalId: String(persons[0]!.id) });
      expect([...fake.store.leads.values()].filter((l) => l.person_id === persons[0]!.id)).toHaveLength(1);
      expect([...fake.store.notes.values()].filter((n) => n.person_id === persons[0]!.id)).toHaveLength(1);
    }
    const rejected = links.find((l) => l.leadId === bad)!;
    expect(rejected.state).toBe("FAILED");
    expect(rejected.lastError).toMatch(/^Pipedrive refused the person \(HTTP 400\)/);
    expect(rejected.lastError).not.toContain("person4-at-example"); // the reason never quotes the value
    expect(personsHolding(bad)).toHaveLength(0);
    expect(personsHolding(ws.leadIds[7]!)[0]).toMatchObject({ name: "Person 7", emails: [expect.objectContaining({ value: "person7@example.test" })] });

    // Lead 3's name changes and lead 4's email is fixed: an update by the known person id, and a create.
    await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
      await tx.contact.update({ where: { id: ws.contactIds[3]! }, data: { displayNameEnc: encrypt("Renamed Person") } });
      await tx.contact.update({ where: { id: ws.contactIds[4]! }, data: { emailEnc: encrypt("person4@example.test") } });
    });
    clock.advance(2 * 60_000); // past the rejected record's first backoff
    const searches = fake.calls.get("persons.search") ?? 0;
    const second = await runConnectionSync(ws.workspaceId, id, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
    expect(second).toMatchObject({ status: "SUCCEEDED", counts: { attempted: 2, synced: 2, created: 1, updated: 1 } });
    expect((fake.calls.get("persons.search") ?? 0) - searches).toBe(1); // only the never-created lead is searched for
    expect(personsHolding(ws.leadIds[3]!).map((p) => p.name)).toEqual(["Renamed Person"]);
    expect(ws.leadIds.every((k) => personsHolding(k).length === 1)).toBe(true);
    expect(fake.duplicateKeys()).toEqual([]);
    const three = personsHolding(ws.leadIds[3]!)[0]!;
    expect([...fake.store.notes.values()].filter((n) => n.person_id === three.id)).toHaveLength(1); // replaced, not added
    expect((await readRuns(ws.workspaceId, id)).map((r) => r.status)).toEqual(["PARTIAL", "SUCCEEDED"]);
  });

  it("brings a won deal back as WON and a lost one as LOST on the Leadline lead", async () => {
    const ws = await seedWorkspace(5, "Pipedrive outcomes");
    const id = await pipedriveConnection(ws.workspaceId);
    const clock = testClock();
    await runConnectionSync(ws.workspaceId, id, "CONNECTED", { connector, sleep: noSleep, now: clock.now });
    expect((await readConnection(ws.workspaceId, id)).outcomeCursor).not.toBeNull();

    const later = Date.now() + 5_000; // the deals close after the cursor was taken (Pipedrive keeps whole seconds)
    const won = fake.addDeal({ personId: personsHolding(ws.leadIds[0]!)[0]!.id, at: later });
    const lost = fake.addDeal({ personId: personsHolding(ws.leadIds[1]!)[0]!.id, at: later });
    fake.closeDeal(won.id, "won", later);
    fake.closeDeal(lost.id, "lost", later);
    clock.advance(6 * 60_000);
    const second = await runConnectionSync(ws.workspaceId, id, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
    expect(second).toMatchObject({ status: "SUCCEEDED", counts: { attempted: 0, outcomes: 2 } });
    const leads = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.lead.findMany({ where: { id: { in: ws.leadIds.slice(0, 3) } } }));
    const status = new Map(leads.map((l) => [l.id, l.status]));
    expect([status.get(ws.leadIds[0]!), status.get(ws.leadIds[1]!), status.get(ws.leadIds[2]!)]).toEqual(["WON", "LOST", "NEW"]);
  });

  it("a regenerated API token marks the connection NEEDS_REAUTH and leaves the leads waiting", async () => {
    const ws = await seedWorkspace(6, "Pipedrive revoked");
    const id = await pipedriveConnection(ws.workspaceId);
    const old = fake.apiToken;
    fake.rotateApiToken();
    const clock = testClock();
    const run = await runConnectionSync(ws.workspaceId, id, "SCHEDULED", { connector, sleep: noSleep, now: clock.now });
    expect(run).toMatchObject({ status: "FAILED", counts: { attempted: 0, synced: 0 } });
    const connection = await readConnection(ws.workspaceId, id);
    expect(connection).toMatchObject({ status: "NEEDS_REAUTH", leaseOwner: null });
    expect(connection.lastError ?? "").not.toContain(old);
    expect(await readLinks(ws.workspaceId, id)).toHaveLength(0);
    expect(ws.leadIds.some((k) => personsHolding(k).length > 0)).toBe(false);
    expect(await readAudit(ws.workspaceId, "crm.needs_reauth")).toHaveLength(1);
    expect(await runConnectionSync(ws.workspaceId, id, "SCHEDULED", { connector, sleep: noSleep, now: clock.now })).toEqual({ status: "skipped", reason: "needs_reauth" });
  });
});
