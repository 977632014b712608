import { describe, expect, it } from "vitest";
import { CONNECT_ERROR_CODES, describeConnectError } from "./describe-connect-error";

describe("describeConnectError", () => {
  it("has a distinct title for every code, and each says nothing was connected", () => {
    const titles = CONNECT_ERROR_CODES.map((code) => describeConnectError(code).title);
    expect(new Set(titles).size).toBe(CONNECT_ERROR_CODES.length);
    for (const code of CONNECT_ERROR_CODES) expect(describeConnectError(code).message).toMatch(/nothing was connected/i);
  });

  it("words each code for people", () => {
    expect(describeConnectError("denied").title).toBe("Connection cancelled");
    expect(describeConnectError("expired").message).toMatch(/took too long/);
    expect(describeConnectError("invalid_state").message).toMatch(/already used/);
    expect(describeConnectError("exchange_failed").message).toMatch(/try again/i);
    expect(describeConnectError("not_configured").title).toMatch(/not set up/);
  });

  it("never echoes an unknown code back to the page", () => {
    const described = describeConnectError("<script>alert(1)</script>");
    expect(described).toEqual({ title: "The connection did not finish", message: "Nothing was connected. Start again." });
    expect(JSON.stringify(described)).not.toContain("script");
  });
});
