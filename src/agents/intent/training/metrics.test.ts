import { describe, expect, it } from "vitest";
import { computeMetrics, formatMetrics } from "./metrics";
import type { Intent } from "../schema";

describe("computeMetrics", () => {
  // gold \ pred   sales support spam other
  // sales           3      1      0     0
  // support         0      2      1     0
  // spam            0      0      2     0
  // other           1      0      1     1
  const gold: Intent[] = ["sales", "sales", "sales", "sales", "support", "support", "support", "spam", "spam", "other", "other", "other"];
  const pred: Intent[] = ["sales", "sales", "sales", "support", "support", "support", "spam", "spam", "spam", "sales", "spam", "other"];
  const m = computeMetrics(gold, pred);

  it("builds the confusion matrix", () => {
    expect(m.confusion.sales).toEqual({ sales: 3, support: 1, spam: 0, other: 0 });
    expect(m.confusion.support).toEqual({ sales: 0, support: 2, spam: 1, other: 0 });
    expect(m.confusion.spam).toEqual({ sales: 0, support: 0, spam: 2, other: 0 });
    expect(m.confusion.other).toEqual({ sales: 1, support: 0, spam: 1, other: 1 });
  });

  it("computes accuracy, per-class P/R/F1 and macro-F1", () => {
    expect(m.count).toBe(12);
    expect(m.accuracy).toBeCloseTo(8 / 12, 10);
    expect(m.perClass.sales).toMatchObject({ precision: 0.75, recall: 0.75, f1: 0.75, support: 4 });
    expect(m.perClass.support.precision).toBeCloseTo(2 / 3, 10);
    expect(m.perClass.support.recall).toBeCloseTo(2 / 3, 10);
    expect(m.perClass.spam).toMatchObject({ precision: 0.5, recall: 1, support: 2 });
    expect(m.perClass.spam.f1).toBeCloseTo(2 / 3, 10);
    expect(m.perClass.other).toMatchObject({ precision: 1, support: 3 });
    expect(m.perClass.other.recall).toBeCloseTo(1 / 3, 10);
    expect(m.perClass.other.f1).toBeCloseTo(0.5, 10);
    expect(m.macroF1).toBeCloseTo((0.75 + 2 / 3 + 2 / 3 + 0.5) / 4, 10);
  });

  it("reports the share of genuine messages flagged as spam", () => {
    // 10 non-spam gold rows, 2 of them (support->spam, other->spam) predicted spam.
    expect(m.genuineFlaggedAsSpam).toBeCloseTo(0.2, 10);
  });

  it("scores an absent class as zero instead of dividing by zero", () => {
    const only = computeMetrics(["sales", "sales"], ["sales", "sales"]);
    expect(only.accuracy).toBe(1);
    expect(only.perClass.spam).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(only.macroF1).toBe(0.25);
  });

  it("rejects mismatched lengths", () => {
    expect(() => computeMetrics(["sales"], [])).toThrow(/1 gold labels but 0 predictions/);
  });

  it("formats a readable table", () => {
    const text = formatMetrics(m, "tiny");
    expect(text).toContain("tiny (n=12)");
    expect(text).toMatch(/accuracy\s+66\.7%\s+macro-F1\s+64\.6%/);
    expect(text).toMatch(/other\s+1\s+0\s+1\s+1/);
  });
});
