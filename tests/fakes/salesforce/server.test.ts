import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSalesforceFake, type SalesforceFake } from "./server";

/** The fake's own wire behaviour, checked with raw HTTP (the connector tests use it through the client). */
let fake: SalesforceFake;
let token: string;
beforeEach(async () => {
  fake = await startSalesforceFake({ maxBatch: 200, dailyAllocation: 100, queryBatchSize: 1 });
  token = fake.issueTokens().access_token;
});
afterEach(() => fake.close());

const call = (method: string, path: string, body?: unknown, bearer: string | null = token) =>
  fetch(`${fake.url}${path}`, { method, headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const lead = (n: number) => ({ attributes: { type: "Lead" }, Leadline_Id__c: `k${n}`, LastName: `L${n}`, Company: "C" });

describe("Salesforce fake", () => {
  it("answers every data call with Sforce-Limit-Info and refuses once the allocation is spent", async () => {
    const res = await call("GET", "/services/data/v67.0/sobjects/Lead/describe");
    expect(res.headers.get("sforce-limit-info")).toBe("api-usage=1/100");
    fake.setApiUsage(100);
    const refused = await call("GET", "/services/data/v67.0/sobjects/Lead/describe");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]);
  });

  it("refuses a bad token with INVALID_SESSION_ID and more than 200 records with EXCEEDED_ID_LIMIT", async () => {
    expect((await call("GET", "/services/data/v67.0/sobjects/Lead/describe", undefined, "nope")).status).toBe(401);
    const tooMany = await call("PATCH", "/services/data/v67.0/composite/sobjects/Lead/Leadline_Id__c", { allOrNone: false, records: Array.from({ length: 201 }, (_, i) => lead(i)) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject([{ errorCode: "EXCEEDED_ID_LIMIT" }]);
    expect(fake.records.size).toBe(0);
  });

  it("upserts by external id with per-record results in order", async () => {
    const body = { allOrNone: false, records: [lead(1), { ...lead(2), LastName: "" }, lead(1)] };
    const res = await call("PATCH", "/services/data/v67.0/composite/sobjects/Lead/Leadline_Id__c", body);
    const results = (await res.json()) as Array<{ success: boolean; created: boolean; errors: Array<{ statusCode: string; fields: string[] }> }>;
    expect(results.map((r) => [r.success, r.created])).toEqual([[true, true], [false, false], [true, false]]);
    expect(results[1]?.errors[0]).toMatchObject({ statusCode: "REQUIRED_FIELD_MISSING", fields: ["LastName"] });
    expect(fake.records.size).toBe(1);
  });

  it("pages query results through nextRecordsUrl and refuses SOQL it does not know", async () => {
    await call("PATCH", "/services/data/v67.0/composite/sobjects/Lead/Leadline_Id__c", { allOrNone: false, records: [lead(1), lead(2)] });
    fake.convertLead("k1");
    fake.convertLead("k2");
    const q = "SELECT Id, Leadline_Id__c, Status, IsConverted, LastModifiedDate FROM Lead WHERE LastModifiedDate > 2000-01-01T00:00:00Z AND Leadline_Id__c != null AND (IsConverted = true) ORDER BY LastModifiedDate, Id";
    const first = (await (await call("GET", `/services/data/v67.0/query?q=${encodeURIComponent(q)}`)).json()) as { totalSize: number; done: boolean; nextRecordsUrl: string; records: unknown[] };
    expect(first).toMatchObject({ totalSize: 2, done: false, records: [{ Leadline_Id__c: "k1", IsConverted: true }] });
    const second = (await (await call("GET", first.nextRecordsUrl)).json()) as { done: boolean; records: unknown[] };
    expect(second).toMatchObject({ done: true, records: [{ Leadline_Id__c: "k2" }] });
    const bad = await call("GET", `/services/data/v67.0/query?q=${encodeURIComponent("SELECT Id FROM Contact")}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject([{ errorCode: "MALFORMED_QUERY" }]);
  });
});
