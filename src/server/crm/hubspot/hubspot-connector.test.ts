import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHubSpotFake, type HubSpotFake } from "../../../../tests/fakes/hubspot/server";
import { listen } from "../../../../tests/fakes/shared/http";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError, type CrmCredentials } from "../crm-connector";
import { createHubSpotConnector, hubspotLimitsFor } from "./hubspot-connector";
import { DEFAULT_MAPPING } from "./hubspot-contact";
import { countingContext, fakeConfig, leadRecord } from "./hubspot-test-kit";

let fake: HubSpotFake;
let creds: CrmCredentials;

async function start(options: Parameters<typeof startHubSpotFake>[0] = {}, timeoutMs = 2_000) {
  fake = await startHubSpotFake(options);
  creds = { connectionId: "conn-1", accessToken: fake.issueTokens().access_token, metadata: { portalId: String(fake.store.portal.portalId), timeZone: "Europe/Paris" } };
  return createHubSpotConnector(() => fakeConfig(fake.url, { timeoutMs }));
}

let hubspot: Awaited<ReturnType<typeof start>>;
beforeEach(async () => {
  hubspot = await start();
});
afterEach(async () => {
  await fake.close();
});

describe("testConnection and listFields", () => {
  it("names the portal and lists writable properties only", async () => {
    const ctx = countingContext();
    expect(await hubspot.testConnection(creds, ctx)).toEqual({ account: `HubSpot portal ${fake.store.portal.portalId}` });
    const fields = await hubspot.listFields(creds, ctx);
    expect(fields.map((f) => f.name)).toContain("email");
    expect(fields.map((f) => f.name)).not.toContain("hs_object_id");
    expect(ctx.count).toBe(2);
    expect(fake.totalCalls()).toBe(2);
  });

  it("throws CrmAuthError for a revoked token and for missing scopes", async () => {
    fake.revokeAccessToken(creds.accessToken);
    await expect(hubspot.testConnection(creds, countingContext())).rejects.toBeInstanceOf(CrmAuthError);
    const narrow = { ...creds, accessToken: fake.issueTokens(["crm.objects.contacts.read"]).access_token };
    await expect(hubspot.testConnection(narrow, countingContext())).rejects.toThrow(/missing scopes/i);
  });
});

describe("prepare", () => {
  it("creates the unique id property, the mapped leadline_* properties and their group, once", async () => {
    await hubspot.prepare(creds, DEFAULT_MAPPING, countingContext());
    const id = fake.store.properties.get("leadline_id");
    expect(id?.hasUniqueValue).toBe(true);
    expect(id?.groupName).toBe("leadline");
    expect(fake.store.properties.get("leadline_tier")?.options.map((o) => o.value)).toEqual(["HOT", "WARM", "COLD"]);
    const creates = fake.calls["properties.create"];
    await hubspot.prepare(creds, DEFAULT_MAPPING, countingContext());
    expect(fake.calls["properties.create"]).toBe(creates);
  });

  it("is idempotent when two prepares race (a 409 counts as created)", async () => {
    await Promise.all([hubspot.prepare(creds, DEFAULT_MAPPING, countingContext()), hubspot.prepare(creds, DEFAULT_MAPPING, countingContext())]);
    expect(fake.store.properties.get("leadline_id")?.hasUniqueValue).toBe(true);
  });

  it("names a mapped property that does not exist", async () => {
    const error = await hubspot.prepare(creds, { ...DEFAULT_MAPPING, reason: "lead_reason_x" }, countingContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmConfigError);
    expect(String(error)).toContain("lead_reason_x");
  });

  it("refuses a leadline_id that someone created without unique values", async () => {
    fake.store.properties.set("leadline_id", { name: "leadline_id", label: "x", type: "string", fieldType: "text", groupName: "contactinformation", hasUniqueValue: false, readOnly: false, options: [] });
    await expect(hubspot.prepare(creds, DEFAULT_MAPPING, countingContext())).rejects.toThrow(/not unique/);
  });
});

describe("upsert", () => {
  beforeEach(async () => {
    await hubspot.prepare(creds, DEFAULT_MAPPING, countingContext());
  });

  it("creates contacts by leadline_id, then updates the same ones on a retry", async () => {
    const records = [1, 2, 3].map((n) => leadRecord(n));
    const first = await hubspot.upsert(creds, records, DEFAULT_MAPPING, countingContext());
    expect(first.every((r) => r.ok && r.created)).toBe(true);
    expect(fake.records.size).toBe(3);
    const contact = fake.records.get("lead-2");
    expect(contact?.properties).toMatchObject({ firstname: "Ana", lastname: "María 2", email: "ana2@example.com", leadline_tier: "HOT", leadline_tags: "bikes;price", leadline_score: "0.87" });
    expect(contact?.properties.phone).toBeUndefined(); // null values are not sent

    const again = await hubspot.upsert(creds, records.map((r) => ({ ...r, values: { ...r.values, tier: "WARM" as const } })), DEFAULT_MAPPING, countingContext());
    expect(again.map((r) => (r.ok ? [r.leadId, r.externalId, r.created] : r))).toEqual(first.map((r) => (r.ok ? [r.leadId, r.externalId, false] : r)));
    expect(fake.store.contacts.size).toBe(3);
    expect(fake.records.get("lead-1")?.properties.leadline_tier).toBe("WARM");
  });

  it("fails only the record HubSpot rejects (207), with a reason that does not quote the value", async () => {
    const records = [leadRecord(1), leadRecord(2, { email: "not-an-email@nowhere" }), leadRecord(3)];
    const results = await hubspot.upsert(creds, records, DEFAULT_MAPPING, countingContext());
    const bad = results.find((r) => r.leadId === "lead-2");
    expect(bad).toMatchObject({ ok: false, retryable: false });
    expect(bad && !bad.ok ? bad.reason : "").toContain("INVALID_EMAIL on email");
    expect(JSON.stringify(results)).not.toContain("not-an-email");
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(fake.records.size).toBe(2);
  });

  it("isolates bad records when HubSpot fails the whole batch with a 400", async () => {
    await fake.close();
    hubspot = await start({ batchErrors: "whole-batch" });
    await hubspot.prepare(creds, DEFAULT_MAPPING, countingContext());
    const records = Array.from({ length: 8 }, (_, i) => leadRecord(i, i === 5 ? { email: "broken@" } : {}));
    const results = await hubspot.upsert(creds, records, DEFAULT_MAPPING, countingContext());
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, false, true, true]);
    expect(fake.records.size).toBe(7);
    expect(fake.calls["contacts.upsert"]).toBeLessThanOrEqual(7); // 1 + halves down to the bad one
  });

  it("reports an email that already belongs to another contact with that contact's id", async () => {
    const other = fake.addContact({ email: "ana1@example.com" });
    const [result] = await hubspot.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, countingContext());
    expect(result).toMatchObject({ ok: false, retryable: false, reason: `HubSpot already has another contact with this email (contact ${other.id})` });
  });

  it("refuses more than 100 records without calling HubSpot", async () => {
    const before = fake.totalCalls();
    await expect(hubspot.upsert(creds, Array.from({ length: 101 }, (_, i) => leadRecord(i)), DEFAULT_MAPPING, countingContext())).rejects.toBeInstanceOf(RangeError);
    expect(fake.totalCalls()).toBe(before);
  });

  it("names a mapped property deleted after prepare (CrmConfigError, not a per-record failure)", async () => {
    fake.removeProperty("leadline_reason");
    const error = await hubspot.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, countingContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmConfigError);
    expect(String(error)).toContain("leadline_reason");
  });

  it("turns a 429 into CrmRateLimitedError with HubSpot's wait, burst or daily", async () => {
    fake.faults.inject("contacts.upsert", { kind: "rate-limit", resetInSeconds: 7 });
    const burst = await hubspot.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, countingContext()).catch((e: unknown) => e);
    expect(burst).toBeInstanceOf(CrmRateLimitedError);
    expect(burst).toMatchObject({ retryAfterMs: 7_000, scope: "burst" });

    fake.limits.exhaustDaily();
    const daily = await hubspot.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, countingContext()).catch((e: unknown) => e);
    expect(daily).toMatchObject({ scope: "daily" });
    const wait = (daily as CrmRateLimitedError).retryAfterMs;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it("waits the window of HubSpot's rolling limit when it sends no Retry-After", async () => {
    fake.limits.options = { burst: 1, windowMs: 60_000, daily: null };
    fake.limits.reset();
    await hubspot.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, countingContext());
    await expect(hubspot.upsert(creds, [leadRecord(2)], DEFAULT_MAPPING, countingContext())).rejects.toMatchObject({ retryAfterMs: 60_000, scope: "burst" });
  });

  it("turns 5xx and timeouts into CrmUnavailableError, and a retry after a lost answer creates no duplicate", async () => {
    fake.faults.inject("contacts.upsert", { kind: "server-error", status: 503 });
    await expect(hubspot.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, countingContext())).rejects.toBeInstanceOf(CrmUnavailableError);

    await fake.close();
    hubspot = await start({}, 150);
    await hubspot.prepare(creds, DEFAULT_MAPPING, countingContext());
    fake.faults.inject("contacts.upsert", { kind: "timeout", delayMs: 400 });
    await expect(hubspot.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, countingContext())).rejects.toThrow(/timed out/);
    await new Promise((r) => setTimeout(r, 500)); // the fake wrote it after the client gave up
    expect(fake.records.size).toBe(1);
    const [retry] = await hubspot.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, countingContext());
    expect(retry).toMatchObject({ ok: true, created: false });
    expect(fake.store.contacts.size).toBe(1);
  });

  it("throws CrmAuthError when the token is revoked mid-run", async () => {
    fake.faults.inject("contacts.upsert", { kind: "auth" });
    await expect(hubspot.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, countingContext())).rejects.toBeInstanceOf(CrmAuthError);
  });

  it("does not take a 2xx it cannot read for success", async () => {
    const odd = await listen(async (_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ results: "nope" })));
    const connector = createHubSpotConnector(() => fakeConfig(odd.url));
    await expect(connector.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, countingContext())).rejects.toBeInstanceOf(CrmUnavailableError);
    await odd.close();
  });

  it("awaits beforeRequest once per HTTP request", async () => {
    const ctx = countingContext();
    const before = fake.totalCalls();
    await hubspot.upsert(creds, [leadRecord(1)], DEFAULT_MAPPING, ctx);
    expect(ctx.count).toBe(fake.totalCalls() - before);
  });
});

describe("attachNotes", () => {
  it("adds one note per lead associated to its contact, and fails only a note whose contact is gone", async () => {
    await hubspot.prepare(creds, DEFAULT_MAPPING, countingContext());
    const upserted = await hubspot.upsert(creds, [leadRecord(1), leadRecord(2)], DEFAULT_MAPPING, countingContext());
    const ids = Object.fromEntries(upserted.map((r) => [r.leadId, r.ok ? r.externalId : ""]));
    const at = new Date("2026-11-30T09:00:00Z");
    const notes = [
      { leadId: "lead-1", externalId: ids["lead-1"]!, summary: "Wants the <blue> bike", lastMessages: [{ direction: "INBOUND" as const, text: "How much?", at }] },
      { leadId: "lead-2", externalId: ids["lead-2"]!, summary: "Asked about delivery", lastMessages: [] },
      { leadId: "lead-9", externalId: "999999", summary: "Contact deleted in HubSpot", lastMessages: [] },
    ];
    const results = await hubspot.attachNotes(creds, notes, countingContext());
    expect(results.map((r) => [r.leadId, r.ok])).toEqual([["lead-1", true], ["lead-2", true], ["lead-9", false]]);
    expect(fake.store.notes).toHaveLength(2);
    const note = fake.store.notes.find((n) => n.contactIds.includes(ids["lead-1"]!));
    expect(note?.associationTypeIds).toEqual([202]);
    expect(note?.properties.hs_note_body).toContain("Wants the &#60;blue&#62; bike");
    expect(note?.properties.hs_note_body).toContain("How much?");
  });
});

describe("pullOutcomes", () => {
  it("starts now when there is no cursor, without calling HubSpot", async () => {
    const before = fake.totalCalls();
    const { outcomes, cursor } = await hubspot.pullOutcomes!(creds, null, countingContext());
    expect(outcomes).toEqual([]);
    expect(Math.abs(Date.parse(cursor) - Date.now())).toBeLessThan(5_000);
    expect(fake.totalCalls()).toBe(before);
  });

  it("pages through closed deals since the cursor, maps them to Leadline's leads and moves the cursor", async () => {
    await hubspot.prepare(creds, DEFAULT_MAPPING, countingContext());
    const records = Array.from({ length: 150 }, (_, i) => leadRecord(i));
    const upserted = [...(await hubspot.upsert(creds, records.slice(0, 100), DEFAULT_MAPPING, countingContext())), ...(await hubspot.upsert(creds, records.slice(100), DEFAULT_MAPPING, countingContext()))];
    const contactOf = new Map(upserted.map((r) => [r.leadId, r.ok ? r.externalId : ""]));
    const t0 = Date.parse("2026-11-30T08:00:00Z");
    fake.closeDeal({ contactId: contactOf.get("lead-0")!, outcome: "WON", at: new Date(t0 - 60_000) }); // before the cursor
    records.forEach((r, i) => fake.closeDeal({ contactId: contactOf.get(r.leadId)!, outcome: i % 3 === 0 ? "LOST" : "WON", at: new Date(t0 + i * 1000) }));
    const stranger = fake.addContact({ email: "walk-in@example.com" });
    fake.closeDeal({ contactId: stranger.id, outcome: "WON", at: new Date(t0 + 200_000) });

    const first = await hubspot.pullOutcomes!(creds, new Date(t0).toISOString(), countingContext());
    expect(first.outcomes).toHaveLength(151);
    expect(first.outcomes.find((o) => o.externalKey === "lead-3")).toMatchObject({ outcome: "LOST", externalId: contactOf.get("lead-3") });
    expect(first.outcomes.find((o) => o.externalKey === "lead-4")).toMatchObject({ outcome: "WON" });
    expect(first.outcomes.find((o) => o.externalId === stranger.id)).toMatchObject({ externalKey: null, outcome: "WON" });
    expect(first.cursor).toBe(new Date(t0 + 200_000).toISOString());
    expect(fake.calls["deals.search"]).toBe(2);

    fake.closeDeal({ contactId: contactOf.get("lead-7")!, outcome: "LOST", at: new Date(t0 + 300_000) });
    const next = await hubspot.pullOutcomes!(creds, first.cursor, countingContext());
    expect(next.outcomes.map((o) => o.externalKey).sort()).toEqual(["lead-7", null].sort());
    expect(next.cursor).toBe(new Date(t0 + 300_000).toISOString());
  });

  it("keeps the cursor when nothing closed since", async () => {
    const cursor = "2026-11-30T08:00:00.000Z";
    expect(await hubspot.pullOutcomes!(creds, cursor, countingContext())).toEqual({ outcomes: [], cursor });
  });
});

describe("limits", () => {
  it("paces to 100 per 10 s by default and reads plan figures from metadata", () => {
    expect(hubspot.limits).toEqual({ batchSize: 100, burst: { requests: 108, perMs: 10_000 }, dailyRequests: null });
    expect(hubspotLimitsFor({ dailyRequests: "650000", burstPer10s: "190" })).toEqual({ batchSize: 100, burst: { requests: 190, perMs: 10_000 }, dailyRequests: 650_000 });
    expect(hubspotLimitsFor({ dailyRequests: "lots" }).dailyRequests).toBeNull();
  });
});
