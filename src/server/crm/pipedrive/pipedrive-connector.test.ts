import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPipedriveFake, type PipedriveFake } from "../../../../tests/fakes/pipedrive/server";
import { resetEnvCache } from "../../infra/env/load-env";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError, type CrmCallContext, type CrmCredentials, type CrmLeadRecord } from "../crm-connector";
import { pipedriveConnector as pd } from "./pipedrive-connector";
import { forgetFields } from "./pipedrive-fields";

let fake: PipedriveFake;
let connection = 0;
let creds: CrmCredentials;
const requests = { count: 0 };
const ctx: CrmCallContext = { beforeRequest: async () => void (requests.count += 1) };
const mapping = { name: "name", email: "email", phone: "phone" };

beforeAll(async () => {
  fake = await startPipedriveFake({ burst: 1_000, searchBurst: 1_000, dailyTokens: 10_000_000 });
  process.env.PIPEDRIVE_API_URL = fake.url;
  process.env.PIPEDRIVE_TIMEOUT_MS = "400";
  resetEnvCache();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.faults.clear();
  fake.limits.resetBudget();
});

/** A fresh connection id per test: the field cache and search pacer are per connection. */
function newConnection(metadata: Record<string, string> = {}): CrmCredentials {
  connection += 1;
  creds = { connectionId: `conn-${connection}`, accessToken: fake.apiToken, metadata };
  return creds;
}

let leadSeq = 0;
function lead(over: Partial<CrmLeadRecord["values"]> = {}, externalId: string | null = null): CrmLeadRecord {
  leadSeq += 1;
  const id = `cmlead${String(leadSeq).padStart(6, "0")}x`;
  return {
    leadId: id, externalKey: id, externalId, version: 1,
    values: { name: `Sam ${leadSeq}`, email: `sam${leadSeq}@example.com`, phone: null, handle: `@sam${leadSeq}`, platform: "INSTAGRAM", tier: "HOT", score: 82, reason: "asked for a price", tags: ["bike"], status: "NEW", intent: "sales", inboxUrl: "https://leadline.test/inbox/1", ...over },
  };
}

const personsHolding = (key: string) => [...fake.store.persons.values()].filter((p) => Object.values(p.custom_fields).includes(key));

describe("pipedriveConnector against the fake", () => {
  it("names the company on testConnection and calls a regenerated API token revoked", async () => {
    newConnection();
    await expect(pd.testConnection(creds, ctx)).resolves.toEqual({ account: "Owen Bikes" });
    const old = creds.accessToken;
    fake.rotateApiToken();
    await expect(pd.testConnection({ ...creds, accessToken: old }, ctx)).rejects.toBeInstanceOf(CrmAuthError);
    newConnection();
  });

  it("creates the Leadline ID field once, lists mappable fields without it, and refuses a mapping to a missing field", async () => {
    newConnection();
    await pd.prepare(creds, mapping, ctx);
    forgetFields(creds.connectionId);
    await pd.prepare(creds, mapping, ctx);
    expect(fake.store.fields.filter((f) => f.name === "Leadline ID")).toHaveLength(1);
    const fields = await pd.listFields(creds, ctx);
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(["name", "email", "phone"]));
    expect(fields.some((f) => f.label === "Leadline ID" || f.type === "user")).toBe(false);
    await expect(pd.prepare(creds, { ...mapping, tier: "0123456789012345678901234567890123456789" }, ctx)).rejects.toBeInstanceOf(CrmConfigError);
  });

  it("creates each person with one lead, then updates by the known id without a search or a second person", async () => {
    newConnection();
    const score = fake.store.addField("Lead score", "double");
    const map = { ...mapping, score: score.key, tags: fake.store.addField("Tags", "varchar").key };
    await pd.prepare(creds, map, ctx);
    const batch = [lead(), lead(), lead({ name: null })];
    const first = await pd.upsert(creds, batch, map, ctx);
    expect(first.every((r) => r.ok && r.created)).toBe(true);
    for (const record of batch) expect(personsHolding(record.externalKey)).toHaveLength(1);
    const third = personsHolding(batch[2]?.externalKey ?? "")[0];
    expect(third?.name).toBe("@sam" + String(leadSeq)); // no name: the handle
    expect(third?.custom_fields[score.key]).toBe(82);
    expect([...fake.store.leads.values()].filter((l) => batch.some((r) => personsHolding(r.externalKey)[0]?.id === l.person_id))).toHaveLength(3);

    const searches = fake.calls.get("persons.search") ?? 0;
    const adds = fake.calls.get("persons.add") ?? 0;
    const again = batch.map((r, i) => ({ ...r, externalId: first[i]?.ok ? first[i].externalId : null, values: { ...r.values, name: "Renamed" } }));
    const second = await pd.upsert(creds, again, map, ctx);
    expect(second.map((r) => r.ok && !r.created)).toEqual([true, true, true]);
    expect(fake.calls.get("persons.search")).toBe(searches);
    expect(fake.calls.get("persons.add")).toBe(adds);
    expect(personsHolding(batch[0]?.externalKey ?? "")[0]?.name).toBe("Renamed");
    expect(fake.duplicateKeys()).toEqual([]);
  });

  it("retries after a timeout mid-record without a second person, and adds the lead the first try never made", async () => {
    newConnection();
    await pd.prepare(creds, mapping, ctx);
    const record = lead();
    fake.faults.inject("persons.add", { kind: "timeout", delayMs: 1_500 });
    await expect(pd.upsert(creds, [record], mapping, ctx)).rejects.toBeInstanceOf(CrmUnavailableError);
    expect(personsHolding(record.externalKey)).toHaveLength(1); // Pipedrive did create it
    const [retry] = await pd.upsert(creds, [record], mapping, ctx);
    const person = personsHolding(record.externalKey)[0];
    expect(retry).toEqual({ leadId: record.leadId, ok: true, externalId: String(person?.id), created: false });
    expect(personsHolding(record.externalKey)).toHaveLength(1);
    expect([...fake.store.leads.values()].filter((l) => l.person_id === person?.id)).toHaveLength(1);
    await pd.upsert(creds, [record], mapping, ctx);
    expect([...fake.store.leads.values()].filter((l) => l.person_id === person?.id)).toHaveLength(1);
  });

  it("rejects one record with Pipedrive's reason (no PII) and goes on with the batch", async () => {
    newConnection();
    await pd.prepare(creds, mapping, ctx);
    const bad = lead({ email: "not-an-email at example" });
    const results = await pd.upsert(creds, [lead(), bad, lead()], mapping, ctx);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const rejected = results[1];
    expect(rejected).toMatchObject({ ok: false, retryable: false });
    if (rejected && !rejected.ok) {
      expect(rejected.reason).toContain("Invalid email address");
      expect(rejected.reason).not.toContain("example");
    }
    expect(personsHolding(bad.externalKey)).toHaveLength(0);
  });

  it("turns 429s into CrmRateLimitedError with the wait from the headers, burst or daily", async () => {
    newConnection();
    await pd.prepare(creds, mapping, ctx);
    fake.faults.inject("persons.search", { kind: "rate-limit", resetInSeconds: 3 });
    const burst = await pd.upsert(creds, [lead()], mapping, ctx).catch((e: unknown) => e);
    expect(burst).toBeInstanceOf(CrmRateLimitedError);
    expect(burst).toMatchObject({ retryAfterMs: 3_000, scope: "burst" });
    fake.limits.exhaustBudget();
    const daily = await pd.upsert(creds, [lead()], mapping, ctx).catch((e: unknown) => e);
    expect(daily).toBeInstanceOf(CrmRateLimitedError);
    expect(daily).toMatchObject({ retryAfterMs: 3_600_000, scope: "daily" });
  });

  it("turns 5xx into CrmUnavailableError and a revoked token mid-batch into CrmAuthError", async () => {
    newConnection();
    await pd.prepare(creds, mapping, ctx);
    fake.faults.inject("persons.add", { kind: "server-error", status: 503 });
    await expect(pd.upsert(creds, [lead()], mapping, ctx)).rejects.toBeInstanceOf(CrmUnavailableError);
    fake.faults.inject("leads.add", { kind: "auth" });
    await expect(pd.upsert(creds, [lead()], mapping, ctx)).rejects.toBeInstanceOf(CrmAuthError);
  });

  it("stops with CrmConfigError when a mapped field is deleted in Pipedrive after prepare", async () => {
    newConnection();
    const field = fake.store.addField("Platform", "varchar");
    const map = { ...mapping, platform: field.key };
    await pd.prepare(creds, map, ctx);
    field.active_flag = false;
    await expect(pd.upsert(creds, [lead(), lead()], map, ctx)).rejects.toBeInstanceOf(CrmConfigError);
    await expect(pd.prepare(creds, map, ctx)).rejects.toBeInstanceOf(CrmConfigError);
  });

  it("paces its searches to the search burst of the connection's metadata", async () => {
    newConnection({ searchBurst: "2" });
    const small = await startPipedriveFake({ searchBurst: 2, burst: 1_000 });
    const local: CrmCredentials = { ...creds, accessToken: small.apiToken, metadata: { ...creds.metadata, apiDomain: small.url } };
    try {
      await pd.prepare(local, mapping, ctx);
      const results = await pd.upsert(local, [lead(), lead(), lead()], mapping, ctx);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(small.calls.get("persons.search")).toBe(3);
    } finally {
      await small.close();
    }
  });

  it("keeps one Leadline note per person, replaced on each sync, with the text escaped", async () => {
    newConnection();
    await pd.prepare(creds, mapping, ctx);
    const record = lead();
    const [result] = await pd.upsert(creds, [record], mapping, ctx);
    const externalId = result?.ok ? result.externalId : "";
    const note = { leadId: record.leadId, externalId, summary: "Wants <b>two</b> bikes", lastMessages: [{ direction: "INBOUND" as const, text: "<script>x</script>", at: new Date("2026-11-30T10:00:00Z") }] };
    expect(await pd.attachNotes(creds, [note], ctx)).toEqual([{ leadId: record.leadId, ok: true, externalId, created: true }]);
    await pd.attachNotes(creds, [{ ...note, summary: "Bought one" }], ctx);
    const notes = [...fake.store.notes.values()].filter((n) => n.person_id === Number(externalId));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.content).toContain("Bought one");
    expect(notes[0]?.content).toContain("&#60;script&#62;");
    expect(notes[0]?.lead_id).not.toBeNull();
    expect(await pd.attachNotes(creds, [{ ...note, externalId: "999999" }], ctx)).toMatchObject([{ ok: false, retryable: false }]);
  });

  it("pulls won and lost deals since the cursor across pages, with the lead's key, and moves the cursor", async () => {
    newConnection();
    await pd.prepare(creds, mapping, ctx);
    const pull = pd.pullOutcomes;
    if (!pull) throw new Error("pullOutcomes is implemented");
    const start = await pull(creds, null, ctx);
    expect(start.outcomes).toEqual([]);
    const base = Date.parse(start.cursor) + 1_000;
    const records = [lead(), lead()];
    const ids = (await pd.upsert(creds, records, mapping, ctx)).map((r) => (r.ok ? Number(r.externalId) : 0));
    const won = fake.addDeal({ personId: ids[0] ?? 0, at: base });
    const lost = fake.addDeal({ personId: ids[1] ?? 0, at: base });
    fake.addDeal({ personId: ids[1] ?? 0, at: base }); // stays open
    for (let i = 0; i < 520; i++) fake.closeDeal(fake.addDeal({ personId: null, at: base }).id, "won", base + 1_000); // no person: skipped, but paged through
    fake.closeDeal(won.id, "won", base + 2_000);
    fake.closeDeal(lost.id, "lost", base + 3_000);
    const first = await pull(creds, start.cursor, ctx);
    expect(first.outcomes).toEqual([
      { externalId: String(ids[0]), externalKey: records[0]?.externalKey, outcome: "WON", at: new Date(base + 2_000) },
      { externalId: String(ids[1]), externalKey: records[1]?.externalKey, outcome: "LOST", at: new Date(base + 3_000) },
    ]);
    expect(Date.parse(first.cursor)).toBe(base + 3_000);
    const again = await pull(creds, first.cursor, ctx);
    expect(again.outcomes.map((o) => o.outcome)).toEqual(["LOST"]); // the inclusive boundary, harmless
  });

  it("awaits beforeRequest before every HTTP request", async () => {
    newConnection();
    const before = requests.count;
    const callsBefore = [...fake.calls.values()].reduce((a, b) => a + b, 0);
    await pd.prepare(creds, mapping, ctx);
    await pd.upsert(creds, [lead()], mapping, ctx);
    const callsAfter = [...fake.calls.values()].reduce((a, b) => a + b, 0);
    expect(requests.count - before).toBe(callsAfter - callsBefore);
  });
});
