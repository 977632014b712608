import { describe, expect, it } from "vitest";
import { expectedCalibrationError, fitTemperature, negativeLogLikelihood } from "./calibrate";
import { createRng } from "./split";

describe("calibration", () => {
  it("ECE is zero for perfectly calibrated bins and equals the gap otherwise", () => {
    // Two rows at confidence 0.75, one right one wrong: accuracy 0.5 vs confidence 0.75.
    const probs = [[0.75, 0.25], [0.75, 0.25]];
    expect(expectedCalibrationError(probs, [0, 1])).toBeCloseTo(0.25, 10);
    expect(expectedCalibrationError([[1, 0], [0, 1]], [0, 1])).toBeCloseTo(0, 10);
  });

  it("fitTemperature undoes over-confident logits", () => {
    // Labels drawn from softmax(z); the model reports 3z, so the best temperature is about 3.
    const rng = createRng(1);
    const logits: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 4_000; i++) {
      const z = [rng() * 4 - 2, rng() * 4 - 2];
      const p0 = 1 / (1 + Math.exp(z[1]! - z[0]!));
      labels.push(rng() < p0 ? 0 : 1);
      logits.push(z.map((v) => v * 3));
    }
    const t = fitTemperature(logits, labels);
    expect(t).toBeGreaterThan(2.6);
    expect(t).toBeLessThan(3.4);
    expect(negativeLogLikelihood(logits, labels, t)).toBeLessThan(negativeLogLikelihood(logits, labels, 1));
  });
});
