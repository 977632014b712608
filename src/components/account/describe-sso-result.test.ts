import { describe, expect, it } from "vitest";
import { describeSsoResult } from "./describe-sso-result";

describe("link single sign-on results", () => {
  it("reports success and each refusal the server sends back", () => {
    expect(describeSsoResult(null)).toBeNull();
    expect(describeSsoResult("linked")?.tone).toBe("success");
    for (const code of ["link-expired", "identity-in-use", "email-unverified", "bad-profile"]) expect(describeSsoResult(code)?.tone).toBe("error");
  });

  it("shows a fixed message for anything else, never the query text", () => {
    expect(describeSsoResult("<b>you won</b>")).toEqual({ tone: "error", message: "Linking single sign-on didn't complete. Try again." });
  });
});
