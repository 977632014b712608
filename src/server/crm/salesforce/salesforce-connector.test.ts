import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSalesforceFake, type SalesforceFake, type SalesforceFakeOptions } from "../../../../tests/fakes/salesforce/server";
import { listen, sendJson } from "../../../../tests/fakes/shared/http";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError, type CrmCallContext, type CrmLeadRecord, type CrmNote } from "../crm-connector";
import { forgetApiUsage, parseLimitInfo, salesforceApiUsage } from "./limit-info";
import { SALESFORCE_DEFAULT_MAPPING } from "./lead-record";
import { createSalesforceConnector, salesforceLimits } from "./salesforce-connector";

let fake: SalesforceFake;
let requests: number;
const ctx: CrmCallContext = { beforeRequest: async () => void (requests += 1) };
const connector = createSalesforceConnector(() => ({ apiVersion: "v67.0", loginUrl: fake.url, clientId: "id", clientSecret: "secret", timeoutMs: 400 }));
const mapping = SALESFORCE_DEFAULT_MAPPING;

async function start(options: SalesforceFakeOptions = {}) {
  await fake?.close();
  fake = await startSalesforceFake(options);
}

function lead(n: number, values: Partial<CrmLeadRecord["values"]> = {}, externalId: string | null = null): CrmLeadRecord {
  return {
    leadId: `lead-${n}`,
    externalKey: `ll_${n}`,
    externalId,
    version: 1,
    values: {
      name: `Sam Customer${n}`, email: `sam${n}@example.com`, phone: null, handle: `sam_${n}`, platform: "INSTAGRAM", tier: "HOT", score: 0.87,
      reason: "Asked for a quote", tags: [], status: "NEW", intent: "SALES", inboxUrl: `https://app.example/inbox/${n}`, ...values,
    },
  };
}

beforeEach(async () => {
  forgetApiUsage();
  requests = 0;
  await start();
});
afterEach(async () => {
  await fake.close();
});

describe("salesforceConnector: upsert", () => {
  it("creates Leads by the external id, with Lead's required fields filled", async () => {
    const creds = fake.credentials();
    await connector.prepare(creds, mapping, ctx);
    const results = await connector.upsert(creds, [lead(1), lead(2, { name: null, handle: "solo" })], mapping, ctx);

    expect(results.map((r) => r.ok && r.created)).toEqual([true, true]);
    expect(fake.records.size).toBe(2);
    const first = fake.records.get("ll_1")?.fields;
    expect(first).toMatchObject({ FirstName: "Sam", LastName: "Customer1", Company: "[not provided]", LeadSource: "Social (Leadline)", Email: "sam1@example.com", Leadline_Score__c: 0.87, Leadline_Tier__c: "HOT", Leadline_Handle__c: "@sam_1" });
    expect(fake.records.get("ll_2")?.fields.LastName).toBe("@solo");
    expect(fake.calls["lead.upsert"]).toBe(1);
    expect(requests).toBe(fake.calls["lead.describe"] + fake.calls["lead.upsert"]);
    expect(salesforceApiUsage(fake.url)).toMatchObject({ used: 2, max: 15_000 });
  });

  it("a retried or repeated upsert updates the same Lead and keeps what sales typed in", async () => {
    const creds = fake.credentials();
    const [first] = await connector.upsert(creds, [lead(1)], mapping, ctx);
    expect(first?.ok).toBe(true);
    const id = first?.ok ? first.externalId : null;
    // A crash before the link was saved: the retry still has no externalId.
    const [retry] = await connector.upsert(creds, [lead(1)], mapping, ctx);
    expect(retry).toMatchObject({ ok: true, externalId: id, created: false });

    fake.editLead("ll_1", { Company: "Acme GmbH" });
    const [update] = await connector.upsert(creds, [lead(1, { tier: "WARM" }, id)], mapping, ctx);
    expect(update).toMatchObject({ ok: true, externalId: id, created: false });
    expect(fake.records.size).toBe(1);
    expect(fake.records.get("ll_1")?.fields).toMatchObject({ Company: "Acme GmbH", Leadline_Tier__c: "WARM" });
  });

  it("rejects bad records one by one, without quoting their values, and keeps the rest of the batch", async () => {
    fake.rejectRecord("ll_3", { statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message: "Social leads need a platform", fields: [] });
    const results = await connector.upsert(fake.credentials(), [lead(1, { email: "not-an@email" }), lead(2), lead(3)], mapping, ctx);

    expect(results[0]).toMatchObject({ leadId: "lead-1", ok: false, retryable: false });
    expect(results[0]?.ok === false && results[0].reason).toBe("INVALID_EMAIL_ADDRESS [Email]");
    expect(JSON.stringify(results)).not.toContain("not-an@email");
    expect(results[1]).toMatchObject({ leadId: "lead-2", ok: true, created: true });
    expect(results[2]).toMatchObject({ ok: false, reason: "FIELD_CUSTOM_VALIDATION_EXCEPTION: Social leads need a platform", retryable: false });
    expect([...fake.records.keys()]).toEqual(["ll_2"]);
  });

  it("re-creates a Lead deleted in Salesforce, resending it once with the required defaults", async () => {
    const creds = fake.credentials();
    const [first] = await connector.upsert(creds, [lead(1)], mapping, ctx);
    fake.deleteLead("ll_1");
    const [again] = await connector.upsert(creds, [lead(1, { name: null }, first?.ok ? first.externalId : null)], mapping, ctx);
    expect(again).toMatchObject({ ok: true, created: true });
    expect(fake.calls["lead.upsert"]).toBe(3);
    expect(fake.records.get("ll_1")?.fields).toMatchObject({ LastName: "@sam_1", Company: "[not provided]" });
  });

  it("sends 200 records in one call and refuses more before calling", async () => {
    const batch = Array.from({ length: 200 }, (_, i) => lead(i));
    expect((await connector.upsert(fake.credentials(), batch, mapping, ctx)).every((r) => r.ok)).toBe(true);
    expect(fake.calls["lead.upsert"]).toBe(1);
    await expect(connector.upsert(fake.credentials(), [...batch, lead(999)], mapping, ctx)).rejects.toThrow(RangeError);
    expect(fake.calls["lead.upsert"]).toBe(1);
  });
});

describe("salesforceConnector: failures", () => {
  it("REQUEST_LIMIT_EXCEEDED on the daily allocation is a daily rate limit", async () => {
    fake.setApiUsage(15_000);
    const error = await connector.upsert(fake.credentials(), [lead(1)], mapping, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRateLimitedError);
    expect(error).toMatchObject({ scope: "daily" });
    expect((error as CrmRateLimitedError).retryAfterMs).toBeGreaterThan(0);
    expect(fake.records.size).toBe(0);
  });

  it("stops before spending the last requests of the allocation (Sforce-Limit-Info)", async () => {
    fake.setApiUsage(15_000 - 7);
    const creds = fake.credentials();
    await connector.upsert(creds, [lead(1)], mapping, ctx); // used 14,994: 6 left, above the reserve of 5
    await connector.upsert(creds, [lead(2)], mapping, ctx); // used 14,995: 5 left
    const before = fake.calls["lead.upsert"];
    await expect(connector.upsert(creds, [lead(3)], mapping, ctx)).rejects.toMatchObject({ name: "CrmRateLimitedError", scope: "daily" });
    expect(fake.calls["lead.upsert"]).toBe(before);
    expect(fake.records.size).toBe(2);
  });

  it("the concurrent long-running limit is a short burst wait; a 429 honours Retry-After", async () => {
    fake.faults.inject("lead.upsert", { kind: "rate-limit" });
    await expect(connector.upsert(fake.credentials(), [lead(1)], mapping, ctx)).rejects.toMatchObject({ name: "CrmRateLimitedError", scope: "burst", retryAfterMs: 20_000 });
    fake.faults.inject("lead.upsert", { kind: "rate-limit", resetInSeconds: 7 });
    await expect(connector.upsert(fake.credentials(), [lead(1)], mapping, ctx)).rejects.toMatchObject({ scope: "burst", retryAfterMs: 7000 });
  });

  it("5xx and timeouts are CrmUnavailableError, and nothing is lost on the retry", async () => {
    fake.faults.inject("lead.upsert", { kind: "server-error", status: 503 });
    await expect(connector.upsert(fake.credentials(), [lead(1)], mapping, ctx)).rejects.toBeInstanceOf(CrmUnavailableError);
    fake.faults.inject("lead.upsert", { kind: "timeout", delayMs: 2000 });
    const started = Date.now();
    await expect(connector.upsert(fake.credentials(), [lead(1)], mapping, ctx)).rejects.toThrow(/timed out after 400 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await connector.upsert(fake.credentials(), [lead(1)], mapping, ctx)).toMatchObject([{ ok: true }]);
    expect(fake.records.size).toBe(1);
  });

  it("INVALID_SESSION_ID (expired or revoked token) is CrmAuthError", async () => {
    const creds = fake.credentials();
    fake.faults.inject("lead.upsert", { kind: "auth" });
    await expect(connector.upsert(creds, [lead(1)], mapping, ctx)).rejects.toBeInstanceOf(CrmAuthError);
    fake.expireAccessTokens();
    await expect(connector.testConnection(creds, ctx)).rejects.toThrow(/INVALID_SESSION_ID/);
    await expect(connector.upsert({ ...creds, accessToken: "" }, [lead(1)], mapping, ctx)).rejects.toBeInstanceOf(CrmAuthError);
  });

  it("a 2xx whose body cannot be read is not taken for success", async () => {
    const odd = await listen(async (_req, res) => sendJson(res, 200, { unexpected: true }));
    try {
      const creds = { connectionId: "c", accessToken: "t", metadata: { instanceUrl: odd.url } };
      await expect(connector.upsert(creds, [lead(1)], mapping, ctx)).rejects.toThrow(CrmUnavailableError);
    } finally {
      await odd.close();
    }
  });

  it("a connection without a usable instance URL is a config error, before any call", async () => {
    for (const instanceUrl of ["", "not a url", "http://evil.example", "https://user:pw@x.my.salesforce.com"]) {
      await expect(connector.upsert({ connectionId: "c", accessToken: "t", metadata: { instanceUrl } }, [lead(1)], mapping, ctx)).rejects.toBeInstanceOf(CrmConfigError);
    }
    expect(requests).toBe(0);
  });
});

describe("salesforceConnector: prepare, fields, connection", () => {
  it("names a missing external-id field, one not marked External ID, and missing mapped fields", async () => {
    await start({ omitLeadFields: ["Leadline_Id__c", "Leadline_Tier__c"] });
    const error = await connector.prepare(fake.credentials(), mapping, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmConfigError);
    expect((error as Error).message).toMatch(/external-id field Leadline_Id__c does not exist/);
    expect((error as Error).message).toMatch(/missing on Lead: Leadline_Tier__c/);
    // Upserting anyway: Salesforce's NOT_FOUND on the external-id path is a config error too.
    await expect(connector.upsert(fake.credentials(), [lead(1)], { name: "LastName" }, ctx)).rejects.toBeInstanceOf(CrmConfigError);

    await start({ externalIdMarked: false });
    await expect(connector.prepare(fake.credentials(), mapping, ctx)).rejects.toThrow(/not marked "External ID"/);
    await start({ restrictedLeadSource: true, leadSources: ["Web"] });
    await expect(connector.prepare(fake.credentials(), mapping, ctx)).rejects.toThrow(/restricted picklist without the value "Social \(Leadline\)"/);
    await start();
    await expect(connector.prepare(fake.credentials(), { ...mapping, tags: "Leadline_Tags__c" }, ctx)).rejects.toThrow(/Leadline_Tags__c/);
  });

  it("a mapped field that vanished makes the upsert a config error, not a retry loop", async () => {
    await expect(connector.upsert(fake.credentials(), [lead(1)], { ...mapping, intent: "Gone__c" }, ctx)).rejects.toThrow(/INVALID_FIELD: No such column 'Gone__c'/);
  });

  it("lists writable Lead fields and labels the connection with the org's name", async () => {
    const fields = await connector.listFields(fake.credentials(), ctx);
    expect(fields.map((f) => f.name)).toEqual(expect.arrayContaining(["LastName", "Email", "Leadline_Id__c", "Leadline_Score__c"]));
    expect(fields.map((f) => f.name)).not.toContain("IsConverted");
    expect(fields.find((f) => f.name === "LastName")?.required).toBe(true);
    const { account } = await connector.testConnection(fake.credentials(), ctx);
    expect(account).toBe(`Fake Test Shop (${new URL(fake.url).host})`);
  });

  it("reads the org's allocation from metadata", () => {
    expect(salesforceLimits({}).dailyRequests).toBe(15_000);
    expect(salesforceLimits({ dailyRequests: "150000" })).toMatchObject({ batchSize: 200, dailyRequests: 150_000 });
    expect(parseLimitInfo("api-usage=25/5000; per-app-api-usage=17/250(appName=x)")).toEqual({ used: 25, max: 5000 });
    expect(parseLimitInfo("nonsense")).toBeNull();
  });
});

describe("salesforceConnector: notes", () => {
  const note = (n: number, externalId: string, summary = "Wants 3 bikes"): CrmNote => ({
    leadId: `lead-${n}`, externalId, summary,
    lastMessages: [{ direction: "INBOUND", text: "Do you ship to Lyon?", at: new Date("2026-11-30T09:00:00Z") }, { direction: "OUTBOUND", text: "Yes, in 3 days.", at: new Date("2026-11-30T09:05:00Z") }],
  });

  it("attaches one completed Task per Lead and replaces it on the next sync", async () => {
    const creds = fake.credentials();
    const upserted = await connector.upsert(creds, [lead(1), lead(2)], mapping, ctx);
    const ids = upserted.map((r) => (r.ok ? r.externalId : ""));
    expect(await connector.attachNotes(creds, [note(1, ids[0] ?? ""), note(2, ids[1] ?? "")], ctx)).toMatchObject([{ ok: true }, { ok: true }]);
    expect(fake.tasks).toHaveLength(2);
    expect(fake.tasks[0]).toMatchObject({ Subject: "Leadline conversation", Status: "Completed" });
    expect(fake.tasks[0]?.Description).toBe("Wants 3 bikes\n\nLast messages:\n[2026-11-30 09:00 UTC] Lead: Do you ship to Lyon?\n[2026-11-30 09:05 UTC] Us: Yes, in 3 days.");

    const again = await connector.attachNotes(creds, [note(1, (ids[0] ?? "").slice(0, 15), "Ordered 3 bikes"), note(3, "bogus")], ctx);
    expect(again[0]).toMatchObject({ ok: true });
    expect(again[1]).toMatchObject({ leadId: "lead-3", ok: false, retryable: false });
    expect(fake.tasks).toHaveLength(2);
    expect(fake.tasks.find((t) => t.WhoId === ids[0])?.Description).toMatch(/^Ordered 3 bikes/);
  });

  it("a Lead id Salesforce does not know is a per-record failure", async () => {
    const [result] = await connector.attachNotes(fake.credentials(), [note(1, "00Q000000000XYZAAA")], ctx);
    expect(result).toMatchObject({ ok: false, reason: "INVALID_CROSS_REFERENCE_KEY [WhoId]", retryable: false });
  });
});

describe("salesforceConnector: outcomes", () => {
  it("pulls converted (won) and closed (lost) Leads after the cursor, across pages", async () => {
    let clock = Date.parse("2026-11-30T10:00:00Z");
    await start({ now: () => clock, queryBatchSize: 2 });
    const creds = fake.credentials();
    await connector.upsert(creds, [1, 2, 3, 4, 5].map((n) => lead(n)), mapping, ctx);

    expect(await connector.pullOutcomes?.(creds, null, ctx)).toMatchObject({ outcomes: [] });
    const cursor = new Date(clock).toISOString();
    clock += 5000;
    fake.convertLead("ll_1");
    fake.closeLead("ll_2");
    fake.closeLead("ll_3", "Working - Contacted"); // not an outcome
    clock += 1000;
    fake.convertLead("ll_4");
    fake.closeLead("ll_5");

    const pulled = await connector.pullOutcomes?.(creds, cursor, ctx);
    expect(pulled?.outcomes.map((o) => [o.externalKey, o.outcome])).toEqual([["ll_1", "WON"], ["ll_2", "LOST"], ["ll_4", "WON"], ["ll_5", "LOST"]]);
    expect(fake.calls["query.more"]).toBe(1);
    expect(pulled?.cursor).toBe("2026-11-30T10:00:06.000Z");
    expect(pulled?.outcomes[0]?.externalId).toBe(fake.records.get("ll_1")?.Id);

    const next = await connector.pullOutcomes?.(creds, pulled?.cursor ?? null, ctx);
    expect(next).toEqual({ outcomes: [], cursor: "2026-11-30T10:00:06.000Z" });
    clock += 1000;
    fake.closeLead("ll_3");
    expect((await connector.pullOutcomes?.(creds, next?.cursor ?? null, ctx))?.outcomes).toMatchObject([{ externalKey: "ll_3", outcome: "LOST" }]);
  });

  it("lost statuses come from the connection's settings", async () => {
    const creds = { ...fake.credentials(), metadata: { instanceUrl: fake.url, lostStatuses: "Working - Contacted" } };
    await connector.upsert(creds, [lead(1)], mapping, ctx);
    const since = new Date(Date.now() - 60_000).toISOString();
    fake.closeLead("ll_1", "Working - Contacted");
    expect((await connector.pullOutcomes?.(creds, since, ctx))?.outcomes).toMatchObject([{ externalKey: "ll_1", outcome: "LOST" }]);
  });
});
