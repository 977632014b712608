import { describe, expect, it } from "vitest";
import { CRM_CONNECT_ERROR_CODES as SERVER_CODES } from "@/server/crm/manage/crm-connect-error";
import { CRM_CONNECT_ERROR_CODES, describeCrmConnectError } from "./describe-crm-connect-error";
import { readCrmParams } from "./read-crm-params";

describe("Settings -> CRM query", () => {
  it("reads a connected CRM or an error code; an error wins", () => {
    expect(readCrmParams({ connected: "hubspot" })).toEqual({ kind: "connected", provider: "hubspot" });
    expect(readCrmParams({ connected: "hubspot", error: "denied" })).toEqual({ kind: "error", code: "denied" });
    expect(readCrmParams({})).toEqual({ kind: "none" });
  });

  it("ignores anything it does not know, never echoing it", () => {
    expect(readCrmParams({ connected: "<script>" })).toEqual({ kind: "none" });
    expect(readCrmParams({ connected: ["hubspot", "x"] })).toEqual({ kind: "none" });
    expect(readCrmParams({ error: "Bad thing <b>" })).toEqual({ kind: "error", code: "unknown" });
    expect(describeCrmConnectError("unknown").title).toBe("The connection did not finish");
    expect(describeCrmConnectError("<b>").message).not.toContain("<b>");
  });

  it("words every code the server sends", () => {
    expect([...CRM_CONNECT_ERROR_CODES]).toEqual([...SERVER_CODES]);
    for (const code of SERVER_CODES) expect(describeCrmConnectError(code).title).not.toBe("The connection did not finish");
  });
});
