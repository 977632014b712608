import { describe, expect, it } from "vitest";
import { RATE_LIMIT_POLICIES } from "./policies";

describe("rate-limit policy table", () => {
  it("fails closed for authentication endpoints and open for tenant traffic", () => {
    const closed = Object.entries(RATE_LIMIT_POLICIES)
      .filter(([, policy]) => policy.onOutage === "fail-closed")
      .map(([name]) => name);
    expect(closed.sort()).toEqual(["account-mail", "login-account", "login-ip", "signup-ip"]);
  });

  it("counts webhook sources far more loosely than their signature failures", () => {
    const source = RATE_LIMIT_POLICIES["webhook-source"];
    const bad = RATE_LIMIT_POLICIES["webhook-bad-signature"];
    expect(source.windowMs).toBe(bad.windowMs);
    expect(bad.limit * 100).toBeLessThanOrEqual(source.limit);
    expect([source.keyedBy, bad.keyedBy]).toEqual(["ip", "ip"]);
  });

  it("limits demo sends per workspace and, over a day, per account", () => {
    const tenant = RATE_LIMIT_POLICIES["demo-send"];
    const account = RATE_LIMIT_POLICIES["demo-send-account"];
    expect([tenant.keyedBy, account.keyedBy]).toEqual(["tenant", "account"]);
    // An account's daily allowance is less than one workspace could send in a day at full speed,
    // so opening more workspaces does not multiply it.
    expect(account.limit).toBeLessThan((tenant.limit * 24 * 60 * 60_000) / tenant.windowMs);
  });

  it("has the agreed limits", () => {
    const summary = Object.fromEntries(
      Object.entries(RATE_LIMIT_POLICIES).map(([name, p]) => [name, `${p.limit}/${p.windowMs / 60_000}min`]),
    );
    expect(summary).toEqual({
      api: "600/1min",
      webhook: "1200/1min",
      "webhook-source": "6000/1min",
      "webhook-bad-signature": "20/1min",
      ai: "600/1min",
      "demo-send": "10/1min",
      "demo-send-account": "200/1440min",
      realtime: "120/1min",
      "crm-sync-now": "5/5min",
      "login-ip": "10/1min",
      "login-account": "5/15min",
      "signup-ip": "5/60min",
      "account-mail": "5/60min",
    });
  });
});
