import { describe, expect, it } from "vitest";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError } from "../crm-connector";
import { hubspotPath } from "./hubspot-config";
import { DEFAULT_BURST_WAIT_MS, hubspotErrorFor, msUntilMidnightIn, rateLimitWait, UNKNOWN_ZONE_DAILY_WAIT_MS } from "./hubspot-errors";

const now = new Date("2026-11-30T21:30:00Z"); // 22:30 in Paris, 16:30 in New York
const body = (extra: Record<string, unknown>) => ({ status: "error", message: "Email address jo@x is invalid", correlationId: "c-1", ...extra });

describe("rate-limit waits", () => {
  it("waits until midnight in the portal's time zone for a daily 429", () => {
    const daily = { policyName: "DAILY", errorType: "RATE_LIMIT" };
    expect(rateLimitWait(daily, new Headers(), "Europe/Paris", now)).toEqual({ ms: 90 * 60_000, scope: "daily" });
    expect(rateLimitWait(daily, new Headers(), "America/New_York", now)).toEqual({ ms: 450 * 60_000, scope: "daily" });
    expect(rateLimitWait(daily, new Headers(), "Not/AZone", now)).toEqual({ ms: UNKNOWN_ZONE_DAILY_WAIT_MS, scope: "daily" });
    expect(msUntilMidnightIn(undefined, now)).toBeNull();
  });

  it("prefers Retry-After, then the window header, then 10 s for a burst 429", () => {
    const burst = { policyName: "TEN_SECONDLY_ROLLING" };
    expect(rateLimitWait(burst, new Headers({ "retry-after": "3" }), undefined, now)).toEqual({ ms: 3_000, scope: "burst" });
    expect(rateLimitWait(burst, new Headers({ "x-hubspot-ratelimit-interval-milliseconds": "1000" }), undefined, now)).toEqual({ ms: 1_000, scope: "burst" });
    expect(rateLimitWait(burst, new Headers(), undefined, now)).toEqual({ ms: DEFAULT_BURST_WAIT_MS, scope: "burst" });
    expect(rateLimitWait({ policyName: "SECONDLY" }, new Headers(), undefined, now).ms).toBe(1_000);
    expect(rateLimitWait(null, new Headers(), undefined, now).scope).toBe("burst");
  });
});

describe("hubspotErrorFor", () => {
  const map = (status: number, b: unknown) => hubspotErrorFor("op", status, b, new Headers(), "Europe/Paris", now);

  it("maps statuses and categories to the contract's errors", () => {
    expect(map(401, body({ category: "INVALID_AUTHENTICATION" }))).toBeInstanceOf(CrmAuthError);
    expect(map(401, body({ category: "EXPIRED_AUTHENTICATION" }))).toBeInstanceOf(CrmUnavailableError);
    expect(map(403, body({ category: "MISSING_SCOPES" }))).toBeInstanceOf(CrmAuthError);
    expect(map(403, body({ category: "FORBIDDEN" }))).toBeInstanceOf(CrmConfigError);
    expect(map(429, body({ policyName: "DAILY" }))).toMatchObject({ scope: "daily", retryAfterMs: 90 * 60_000 });
    expect(map(429, "not json")).toBeInstanceOf(CrmRateLimitedError);
    expect(map(502, undefined)).toBeInstanceOf(CrmUnavailableError);
    const missing = map(400, body({ category: "VALIDATION_ERROR", errors: [{ code: "PROPERTY_DOESNT_EXIST", context: { propertyName: ["lead_x"] } }] }));
    expect(missing).toBeInstanceOf(CrmConfigError);
    expect(missing.message).toContain("lead_x");
  });

  it("never quotes HubSpot's message (it may hold the rejected value)", () => {
    for (const status of [400, 401, 403, 409, 429, 500]) expect(map(status, body({ category: "VALIDATION_ERROR" })).message).not.toContain("jo@x");
    expect(map(400, body({ category: "VALIDATION_ERROR" })).message).toContain("c-1");
  });
});

describe("hubspotPath", () => {
  it("builds date-versioned and legacy paths", () => {
    expect(hubspotPath("2026-03", "objects", "contacts/batch/upsert")).toBe("/crm/objects/2026-03/contacts/batch/upsert");
    expect(hubspotPath("v3", "objects", "contacts/batch/upsert")).toBe("/crm/v3/objects/contacts/batch/upsert");
    expect(hubspotPath("v3", "associations", "deals/contacts/batch/read")).toBe("/crm/v4/associations/deals/contacts/batch/read");
    expect(hubspotPath("2026-03", "associations", "deals/contacts/batch/read")).toBe("/crm/associations/2026-03/deals/contacts/batch/read");
    expect(hubspotPath("2026-03", "oauth", "token")).toBe("/oauth/2026-03/token");
    expect(hubspotPath("v3", "account-info", "details")).toBe("/account-info/v3/details");
  });
});
