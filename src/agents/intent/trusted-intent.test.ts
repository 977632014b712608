import { describe, expect, it } from "vitest";
import { nextAfterSpam, trustedIntent } from "./trusted-intent";

describe("trusted contacts' intent", () => {
  it("keeps any answer but spam", () => {
    const classified = { intent: "sales" as const, confidence: 0.7, run: "r" };
    expect(trustedIntent("how much is it?", classified)).toBe(classified);
  });

  it("turns spam into the next most likely intent with its probability", () => {
    expect(nextAfterSpam({ sales: 0.1, support: 0.3, spam: 0.55, other: 0.05 })).toEqual({ intent: "support", confidence: 0.3 });
    const out = trustedIntent("DM @growthking to get 10k followers, link in bio", { intent: "spam" as const, confidence: 0.99, run: "r" });
    expect(out.intent).not.toBe("spam");
    expect(out.run).toBe("r");
    expect(out.confidence).toBeGreaterThan(0);
    expect(out.confidence).toBeLessThan(1);
  });

  it("falls back to other when no other intent has any probability", () => {
    expect(nextAfterSpam({ sales: 0, support: 0, spam: 1, other: 0 })).toEqual({ intent: "other", confidence: 0 });
    expect(nextAfterSpam({ sales: Number.NaN, support: 0, spam: 1, other: 0 })).toEqual({ intent: "other", confidence: 0 });
  });
});
