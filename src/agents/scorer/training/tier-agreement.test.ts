import { describe, expect, it } from "vitest";
import { computeTierAgreement, formatTierAgreement } from "./tier-agreement";
import type { Tier } from "../types";

describe("computeTierAgreement", () => {
  const gold: Tier[] = ["hot", "hot", "hot", "warm", "warm", "cold", "cold", "cold"];
  const pred: Tier[] = ["hot", "warm", "cold", "warm", "cold", "cold", "hot", "cold"];

  it("counts agreement, the confusion matrix and hot<->cold errors", () => {
    const m = computeTierAgreement(gold, pred);
    expect(m.count).toBe(8);
    expect(m.agreement).toBe(4 / 8);
    expect(m.confusion).toEqual({
      hot: { hot: 1, warm: 1, cold: 1 },
      warm: { hot: 0, warm: 1, cold: 1 },
      cold: { hot: 1, warm: 0, cold: 2 },
    });
    expect(m.hotCold).toBe(2);
    expect(m.recall).toEqual({ hot: 1 / 3, warm: 1 / 2, cold: 2 / 3 });
  });

  it("gives zero, not NaN, for an empty set or an absent tier", () => {
    const empty = computeTierAgreement([], []);
    expect(empty.agreement).toBe(0);
    expect(empty.hotCold).toBe(0);
    expect(computeTierAgreement(["warm"], ["warm"]).recall).toEqual({ hot: 0, warm: 1, cold: 0 });
  });

  it("refuses mismatched lengths", () => {
    expect(() => computeTierAgreement(["hot"], [])).toThrow(/1 gold tiers but 0 predictions/);
  });

  it("prints the figures and the matrix with salesperson rows", () => {
    const text = formatTierAgreement(computeTierAgreement(gold, pred), "toy");
    expect(text).toContain("toy (n=8)");
    expect(text).toContain("agreement 50.0% (4/8)");
    expect(text).toContain("hot<->cold 2");
    expect(text).toMatch(/hot\s+1\s+1\s+1\n/);
    expect(text).toMatch(/cold\s+1\s+0\s+2$/);
  });
});
