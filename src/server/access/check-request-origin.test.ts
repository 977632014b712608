import { describe, expect, it } from "vitest";
import { AppError } from "../infra/errors/app-error";
import { assertSameOrigin, crossSiteRefusal } from "./check-request-origin";

const APP = "https://app.leadline.test";
const post = (headers: Record<string, string>, method = "POST") => ({ method, headers: new Headers(headers) });

describe("same-origin check of state-changing requests", () => {
  it("refuses a cross-site Origin", () => {
    expect(crossSiteRefusal(post({ origin: "https://evil.example" }), APP)).toMatch(/Origin/);
    // Same host, other scheme or port: another origin.
    expect(crossSiteRefusal(post({ origin: "http://app.leadline.test" }), APP)).not.toBeNull();
    expect(crossSiteRefusal(post({ origin: "https://app.leadline.test:8443" }), APP)).not.toBeNull();
    expect(crossSiteRefusal(post({ origin: "null" }), APP)).not.toBeNull();
  });

  it("refuses cross-site and same-site Sec-Fetch-Site, even without Origin", () => {
    expect(crossSiteRefusal(post({ "sec-fetch-site": "cross-site" }), APP)).toMatch(/Sec-Fetch-Site/);
    expect(crossSiteRefusal(post({ "sec-fetch-site": "same-site" }), APP)).not.toBeNull();
    // A matching Sec-Fetch-Site does not excuse a foreign Origin.
    expect(crossSiteRefusal(post({ "sec-fetch-site": "same-origin", origin: "https://evil.example" }), APP)).not.toBeNull();
  });

  it("accepts the app's own origin, with or without Sec-Fetch-Site", () => {
    expect(crossSiteRefusal(post({ origin: APP }), APP)).toBeNull();
    expect(crossSiteRefusal(post({ origin: APP, "sec-fetch-site": "same-origin" }), APP)).toBeNull();
    expect(crossSiteRefusal(post({ origin: APP }), `${APP}/`)).toBeNull(); // APP_URL with a path or slash
  });

  it("accepts a missing Origin when Sec-Fetch-Site says same-origin (or none: the person's own navigation)", () => {
    expect(crossSiteRefusal(post({ "sec-fetch-site": "same-origin" }), APP)).toBeNull();
    expect(crossSiteRefusal(post({ "sec-fetch-site": "none" }), APP)).toBeNull();
  });

  it("accepts a request with neither header: a non-browser client, which cannot be made to send someone else's cookie", () => {
    expect(crossSiteRefusal(post({}), APP)).toBeNull();
  });

  it("never checks safe methods", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) expect(crossSiteRefusal(post({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }, method), APP)).toBeNull();
    for (const method of ["PUT", "PATCH", "DELETE"]) expect(crossSiteRefusal(post({ origin: "https://evil.example" }, method), APP)).not.toBeNull();
  });

  it("throws AppError FORBIDDEN with a message that names no header value", () => {
    const error = (() => {
      try {
        assertSameOrigin(post({ origin: "https://evil.example" }), APP);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("FORBIDDEN");
    expect((error as AppError).message).not.toContain("evil");
  });
});
