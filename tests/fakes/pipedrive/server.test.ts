import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipedriveFake, type PipedriveFake } from "./server";

let fake: PipedriveFake;
let clock = Date.parse("2026-11-30T12:00:00Z");

beforeAll(async () => {
  fake = await startPipedriveFake({ burst: 3, searchBurst: 1, dailyTokens: 60, now: () => clock });
});
afterAll(async () => {
  await fake.close();
});

const get = (path: string, token = fake.apiToken) => fetch(`${fake.url}${path}`, { headers: { "x-api-token": token } });

describe("the Pipedrive fake", () => {
  it("answers 401 with Pipedrive's body for a wrong token, and counts the call", async () => {
    const res = await get("/api/v1/users/me", "wrong");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ success: false, error: "unauthorized access", errorCode: 401, data: null });
    expect(fake.calls.get("users.me")).toBe(1);
  });

  it("enforces the rolling 2 s burst (search has its own, tighter one) with x-ratelimit headers and Retry-After", async () => {
    const first = await get("/api/v2/persons/search?term=ab");
    expect(first.headers.get("x-ratelimit-limit")).toBe("1");
    const second = await get("/api/v2/persons/search?term=ab");
    expect(second.status).toBe(429);
    expect(second.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await second.json()).toMatchObject({ success: false, error: "Request over limit" });
    await get("/api/v1/users/me");
    await get("/api/v1/users/me"); // with the search: 3 in the window
    const limited = await get("/api/v1/users/me");
    expect(limited.status).toBe(429);
    clock += 2_001;
    expect((await get("/api/v1/users/me")).status).toBe(200);
  });

  it("charges each endpoint's token cost against the daily budget and refuses with 429 once it is spent, until the next day", async () => {
    clock += 2_001;
    fake.limits.resetBudget();
    expect((await get("/api/v1/personFields")).status).toBe(200); // 20
    expect((await get("/api/v1/personFields")).status).toBe(200); // 40
    clock += 2_001;
    expect((await get("/api/v1/personFields")).status).toBe(200); // 60
    const refused = await get("/api/v1/users/me");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("x-ratelimit-remaining"))).toBeGreaterThan(0); // not the burst window: the budget
    expect(fake.limits.used).toBe(60);
    clock += 86_400_000;
    expect((await get("/api/v1/users/me")).status).toBe(200);
  });

  it("rejects a person with an invalid email and unknown custom field keys, and requires a name", async () => {
    clock += 2_001;
    const post = (body: unknown) => fetch(`${fake.url}/api/v2/persons`, { method: "POST", headers: { "x-api-token": fake.apiToken, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(await (await post({ name: "A", emails: [{ value: "nope" }] })).json()).toMatchObject({ success: false, error: "Invalid email address" });
    expect((await post({ name: "A", custom_fields: { deadbeef: "x" } })).status).toBe(400);
    clock += 2_001;
    expect((await post({ emails: [] })).status).toBe(400);
    expect(fake.store.persons.size).toBe(0);
  });
});
