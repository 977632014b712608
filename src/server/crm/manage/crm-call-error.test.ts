import { describe, expect, it } from "vitest";
import { TokenRefreshUnavailableError } from "../../channels/tokens/token-errors";
import { AppError } from "../../infra/errors/app-error";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError } from "../crm-connector";
import { crmCallError } from "./crm-call-error";

describe("a CRM's typed error as the admin reads it", () => {
  it("auth: what to do, the connector's detail, any known secret cut out", () => {
    const error = crmCallError(new CrmAuthError("HubSpot answered 401 for token pat-na1-SECRET123"), "HubSpot", ["pat-na1-SECRET123", null, "ab"]);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("HubSpot refused the credentials. Check them, or reconnect. (HubSpot answered 401 for token [redacted])");
    expect(error.details).toEqual({ crmError: "auth" });
  });

  it("rate limit: 429 with the wait in whole seconds, and the daily scope named", () => {
    const burst = crmCallError(new CrmRateLimitedError("limited", 1_200), "Pipedrive");
    expect([burst.code, burst.message, burst.details?.retryAfterSeconds]).toEqual(["RATE_LIMITED", "Pipedrive is rate-limiting this account. Try again in 2 s.", 2]);
    expect(crmCallError(new CrmRateLimitedError("limited", 3_600_000, "daily"), "Salesforce").message).toMatch(/for today\. Try again in 3600 s/);
  });

  it("down, config and refresh trouble read as such, with a message tRPC passes on (not a 5xx)", () => {
    expect(crmCallError(new CrmUnavailableError("HTTP 503"), "HubSpot").message).toBe("HubSpot did not answer. Try again in a moment. (HTTP 503)");
    expect(crmCallError(new CrmConfigError('no property "x"'), "HubSpot").message).toBe('HubSpot does not accept this set-up (no property "x")');
    expect(crmCallError(new TokenRefreshUnavailableError("timeout"), "HubSpot").message).toMatch(/could not refresh its access/);
    for (const e of [new CrmUnavailableError("x"), new CrmConfigError("x"), new TokenRefreshUnavailableError("x")]) expect(crmCallError(e, "HubSpot").code).toBe("BAD_REQUEST");
  });

  it("an AppError passes through; anything else is generic, its message never shown", () => {
    const notFound = new AppError("NOT_FOUND", "CRM connection not found.");
    expect(crmCallError(notFound, "HubSpot")).toBe(notFound);
    const unknown = crmCallError(new TypeError("Cannot read properties of undefined (reading 'token=abc')"), "HubSpot");
    expect(unknown.message).toBe("HubSpot could not be reached. Try again in a moment.");
  });

  it("a very long connector message is cut", () => {
    expect(crmCallError(new CrmUnavailableError("x".repeat(5_000)), "HubSpot").message.length).toBeLessThan(400);
  });
});
