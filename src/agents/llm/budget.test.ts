import { describe, expect, it } from "vitest";
import { decideBudget } from "./budget";

describe("decideBudget", () => {
  it("allows the LLM while spend is under the budget", () => {
    expect(decideBudget({ monthlyBudgetUsd: 20, spentThisMonthUsd: 5 })).toEqual({ allowLlm: true, remainingUsd: 15 });
  });

  it("switches to local models once the budget is spent", () => {
    const decision = decideBudget({ monthlyBudgetUsd: 20, spentThisMonthUsd: 20.01 });
    expect(decision.allowLlm).toBe(false);
    expect(decision.remainingUsd).toBe(0);
    expect(decision.reason).toMatch(/\$20\.00 is spent/);
  });

  it("treats no budget (null/undefined) as unlimited and 0 as 'local only'", () => {
    expect(decideBudget({ monthlyBudgetUsd: null, spentThisMonthUsd: 1_000 })).toEqual({ allowLlm: true, remainingUsd: null });
    expect(decideBudget({ spentThisMonthUsd: 0 })).toEqual({ allowLlm: true, remainingUsd: null });
    expect(decideBudget({ monthlyBudgetUsd: 0, spentThisMonthUsd: 0 })).toMatchObject({ allowLlm: false, reason: expect.stringMatching(/is 0/) });
  });

  it("rejects nonsense amounts", () => {
    expect(() => decideBudget({ monthlyBudgetUsd: -1, spentThisMonthUsd: 0 })).toThrow();
    expect(() => decideBudget({ monthlyBudgetUsd: 10, spentThisMonthUsd: Number.NaN })).toThrow();
  });
});
