import { describe, expect, it } from "vitest";
import { RATE_LIMIT_POLICIES } from "./policies";

describe("rate-limit policy table", () => {
  it("fails closed for authentication endpoints and open for tenant traffic", () => {
    const closed = Object.entries(RATE_LIMIT_POLICIES)
      .filter(([, policy]) => policy.onOutage === "fail-closed")
      .map(([name]) => name);
    expect(closed.sort()).toEqual(["login-account", "login-ip", "signup-ip"]);
  });

  it("counts webhook sources far more loosely than their signature failures", () => {
    const source = RATE_LIMIT_POLICIES["webhook-source"];
    const bad = RATE_LIMIT_POLICIES["webhook-bad-signature"];
    expect(source.windowMs).toBe(bad.windowMs);
    expect(bad.limit * 100).toBeLessThanOrEqual(source.limit);
    expect([source.keyedBy, bad.keyedBy]).toEqual(["ip", "ip"]);
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
      ai: "300/1min",
      realtime: "120/1min",
      "crm-sync-now": "5/5min",
      "login-ip": "10/1min",
      "login-account": "5/15min",
      "signup-ip": "5/60min",
    });
  });
});
