import { afterEach, describe, expect, it } from "vitest";
import { startHubSpotFake, type HubSpotFake } from "./server";

let fake: HubSpotFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(f: HubSpotFake, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${f.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const uniqueId = { name: "leadline_id", label: "Leadline id", type: "string", fieldType: "text", groupName: "contactinformation", hasUniqueValue: true };
const input = (id: string, properties: Record<string, string> = {}) => ({ id, idProperty: "leadline_id", properties });

describe("the HubSpot fake", () => {
  it("refuses past its rolling window with HubSpot's 429 body and headers, then lets calls through again", async () => {
    let t = 1_000_000;
    fake = await startHubSpotFake({ limits: { burst: 3, windowMs: 1_000 }, now: () => t });
    const token = fake.issueTokens().access_token;
    for (let i = 0; i < 3; i++) expect((await call(fake, token, "GET", "/account-info/2026-03/details")).status).toBe(200);
    const refused = await call(fake, token, "GET", "/account-info/2026-03/details");
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: "error", message: "You have reached your ten_secondly_rolling limit.", errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING" });
    expect(typeof refused.body.correlationId).toBe("string");
    expect(refused.headers.get("x-hubspot-ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("x-hubspot-ratelimit-interval-milliseconds")).toBe("1000");
    t += 1_001;
    expect((await call(fake, token, "GET", "/account-info/v3/details")).status).toBe(200);
    expect(fake.calls["account.details"]).toBe(5);
  });

  it("enforces a daily cap when given one", async () => {
    fake = await startHubSpotFake({ limits: { daily: 1 } });
    const token = fake.issueTokens().access_token;
    expect((await call(fake, token, "GET", "/account-info/2026-03/details")).headers.get("x-hubspot-ratelimit-daily-remaining")).toBe("0");
    expect((await call(fake, token, "GET", "/account-info/2026-03/details")).body).toMatchObject({ policyName: "DAILY", message: "You have reached your daily limit." });
  });

  it("upserts by the unique property, holds one record per value and refuses more than 100 inputs", async () => {
    fake = await startHubSpotFake();
    const token = fake.issueTokens().access_token;
    expect((await call(fake, token, "POST", "/crm/v3/properties/contacts", uniqueId)).status).toBe(201);
    expect((await call(fake, token, "POST", "/crm/properties/2026-03/contacts", uniqueId)).status).toBe(409);
    const first = await call(fake, token, "POST", "/crm/objects/2026-03/contacts/batch/upsert", { inputs: [input("a", { email: "a@example.com" }), input("b")] });
    expect(first.status).toBe(200);
    const again = await call(fake, token, "POST", "/crm/v3/objects/contacts/batch/upsert", { inputs: [input("a", { firstname: "Ana" })] });
    expect(again.body.results).toMatchObject([{ new: false, properties: { leadline_id: "a", firstname: "Ana", email: "a@example.com" } }]);
    expect(fake.records.size).toBe(2);
    const tooMany = await call(fake, token, "POST", "/crm/v3/objects/contacts/batch/upsert", { inputs: Array.from({ length: 101 }, (_, i) => input(`x${i}`)) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.category).toBe("VALIDATION_ERROR");
    expect(fake.records.size).toBe(2);
  });

  it("rejects an invalid email per record in a 207 naming the input", async () => {
    fake = await startHubSpotFake();
    const token = fake.issueTokens().access_token;
    await call(fake, token, "POST", "/crm/v3/properties/contacts", uniqueId);
    const res = await call(fake, token, "POST", "/crm/v3/objects/contacts/batch/upsert", { inputs: [input("ok", { email: "ok@example.com" }), input("bad", { email: "bad@nowhere" })] });
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({ numErrors: 1, errors: [{ category: "VALIDATION_ERROR", context: { ids: ["bad"] }, errors: [{ code: "INVALID_EMAIL" }] }] });
    expect([...fake.records.keys()]).toEqual(["ok"]);
  });

  it("answers 401 with HubSpot's body for a revoked or expired token, and a refresh of a revoked token with invalid_grant", async () => {
    let t = 0;
    fake = await startHubSpotFake({ now: () => t });
    const tokens = fake.issueTokens();
    fake.revokeRefreshToken(tokens.refresh_token);
    expect((await call(fake, tokens.access_token, "GET", "/account-info/v3/details")).body).toMatchObject({ status: "error", category: "INVALID_AUTHENTICATION" });
    const other = fake.issueTokens().access_token;
    t += 31 * 60_000;
    expect((await call(fake, other, "GET", "/account-info/v3/details")).body).toMatchObject({ category: "EXPIRED_AUTHENTICATION" });
    const refresh = await fetch(`${fake.url}/oauth/v3/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", client_id: fake.store.clientId, client_secret: fake.store.clientSecret, refresh_token: tokens.refresh_token }),
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: "invalid_grant", status: "BAD_REFRESH_TOKEN" });
  });

  it("creates notes only with the note -> contact association and pages its deal search", async () => {
    fake = await startHubSpotFake();
    const token = fake.issueTokens().access_token;
    const contact = fake.addContact({ email: "c@example.com" });
    const note = (typeId: number) => ({ inputs: [{ properties: { hs_timestamp: "2026-11-30T09:00:00Z", hs_note_body: "hi" }, associations: [{ to: { id: contact.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: typeId }] }] }] });
    expect((await call(fake, token, "POST", "/crm/v3/objects/notes/batch/create", note(1))).status).toBe(400);
    expect((await call(fake, token, "POST", "/crm/v3/objects/notes/batch/create", note(202))).status).toBe(201);
    for (let i = 0; i < 3; i++) fake.closeDeal({ contactId: contact.id, outcome: "WON", at: new Date(Date.UTC(2026, 10, 30, 9, i)) });
    const search = { filterGroups: [{ filters: [{ propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(Date.UTC(2026, 10, 30, 9, 1)) }] }], sorts: [{ propertyName: "hs_lastmodifieddate", direction: "ASCENDING" }], limit: 1 };
    const page1 = await call(fake, token, "POST", "/crm/objects/2026-03/deals/search", search);
    expect(page1.body).toMatchObject({ total: 2, paging: { next: { after: "1" } } });
    const page2 = await call(fake, token, "POST", "/crm/objects/2026-03/deals/search", { ...search, after: "1" });
    expect(page2.body.paging).toBeUndefined();
    expect((await call(fake, token, "POST", "/crm/objects/2026-03/deals/search", { ...search, limit: 201 })).status).toBe(400);
  });
});
