import { describe, expect, it } from "vitest";
import { evaluatePredictions, rocAuc } from "./evaluate-model";

describe("evaluation", () => {
  it("computes ROC AUC with ties", () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.9, 0.1], [0, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(rocAuc([0.5, 0.6], [1, 1])).toBeNaN();
  });

  it("computes accuracy and log loss", () => {
    const m = evaluatePredictions([0.9, 0.2, 0.6, 0.4], [1, 0, 0, 1]);
    expect(m.n).toBe(4);
    expect(m.accuracy).toBe(0.5);
    expect(m.logLoss).toBeCloseTo((-Math.log(0.9) - Math.log(0.8) - Math.log(0.4) - Math.log(0.4)) / 4);
  });
});
