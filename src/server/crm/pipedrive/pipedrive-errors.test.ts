import { describe, expect, it } from "vitest";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError } from "../crm-connector";
import { PipedriveRejectedError, pipedriveErrorFor, rateLimitOf, safeReason } from "./pipedrive-errors";
import { pipedriveLimitsFor } from "./pipedrive-limits";

const h = (o: Record<string, string>) => new Headers(o);

describe("Pipedrive error mapping", () => {
  it("never quotes an email, a phone number or a quoted value from Pipedrive's reason", () => {
    const reason = safeReason({ success: false, error: 'Email "jane.doe@example.com" is invalid, call +372 5555 5555' });
    expect(reason).not.toMatch(/jane|example|5555/);
    expect(safeReason("<html>blocked</html>")).toBe("no reason given");
  });

  it("tells the burst window from the daily budget, and takes the wait from Retry-After or x-ratelimit-reset", () => {
    expect(rateLimitOf(h({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2" }), {})).toEqual({ waitMs: 2_000, scope: "burst" });
    expect(rateLimitOf(h({ "x-ratelimit-remaining": "0", "retry-after": "7" }), {})).toEqual({ waitMs: 7_000, scope: "burst" });
    expect(rateLimitOf(h({ "x-ratelimit-remaining": "35" }), {})).toEqual({ waitMs: 3_600_000, scope: "daily" });
    expect(rateLimitOf(h({ "x-daily-requests-left": "0", "retry-after": "90" }), {}).scope).toBe("daily");
  });

  it("maps statuses to the contract's errors", () => {
    expect(pipedriveErrorFor("x", 401, {}, h({}))).toBeInstanceOf(CrmAuthError);
    expect(pipedriveErrorFor("x", 429, {}, h({}))).toBeInstanceOf(CrmRateLimitedError);
    expect(pipedriveErrorFor("x", 503, {}, h({}))).toBeInstanceOf(CrmUnavailableError);
    expect(pipedriveErrorFor("x", 402, {}, h({}))).toBeInstanceOf(CrmConfigError);
    expect(pipedriveErrorFor("x", 403, { success: false, error: "Scope and URL mismatch" }, h({}))).toBeInstanceOf(CrmConfigError);
    expect(pipedriveErrorFor("x", 403, "<html>Cloudflare</html>", h({}))).toBeInstanceOf(CrmRateLimitedError);
    expect(pipedriveErrorFor("x", 400, { success: false, error: "Name must be given." }, h({}))).toBeInstanceOf(PipedriveRejectedError);
  });

  it("derives a connection's limits from its plan metadata, defaulting to the Lite API-token floor", () => {
    expect(pipedriveLimitsFor({})).toEqual({ batchSize: 20, burst: { requests: 20, perMs: 2_000 }, dailyRequests: 2_500 });
    expect(pipedriveLimitsFor({ plan: "premium", seats: "3", authKind: "oauth" })).toMatchObject({ burst: { requests: 400 }, dailyRequests: 37_500 });
    expect(pipedriveLimitsFor({ plan: "nonsense", seats: "-2", burstRequests: "5" })).toMatchObject({ burst: { requests: 5 }, dailyRequests: 2_500 });
  });
});
