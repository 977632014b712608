import { describe, expect, it } from "vitest";
import { rocAuc } from "./training/evaluate-model";
import { parseModel, predictFromNamed, predictProbability, serialiseModel, trainLogistic } from "./logistic-model";

const names = ["a", "b"];

describe("logistic model", () => {
  it("learns a separable problem and stays finite thanks to L2", () => {
    const rows = [[0, 0], [0, 1], [1, 0], [1, 1], [0.1, 0.2], [0.9, 0.8]];
    const labels: (0 | 1)[] = [0, 0, 1, 1, 0, 1];
    const model = trainLogistic(rows, labels, { featureNames: names, trainedOn: "toy", l2: 1e-2 });
    const probabilities = rows.map((r) => predictProbability(model, r));
    expect(rocAuc(probabilities, labels)).toBe(1);
    expect(model.weights.every(Number.isFinite)).toBe(true);
    expect(model.weights[0]).toBeGreaterThan(Math.abs(model.weights[1] ?? 0));
  });

  it("round-trips through JSON with identical predictions", () => {
    const model = trainLogistic([[0, 1], [1, 0], [1, 1], [0, 0]], [0, 1, 1, 0], { featureNames: names, trainedOn: "toy" });
    const restored = parseModel(serialiseModel(model));
    expect(restored).toEqual(model);
    expect(predictProbability(restored, [1, 0])).toBe(predictProbability(model, [1, 0]));
    expect(Object.keys(JSON.parse(serialiseModel(model)))).toEqual(["version", "featureNames", "weights", "bias", "trainedOn", "n"]);
  });

  it("rejects a malformed stored model", () => {
    expect(() => parseModel({ version: 1, featureNames: ["a"], weights: [1, 2], bias: 0, trainedOn: "x", n: 1 })).toThrow();
    expect(() => parseModel('{"version":2}')).toThrow();
  });

  it("predicts from named features, ignoring ones it does not know", () => {
    const model = { version: 1 as const, featureNames: ["a"], weights: [2], bias: -1, trainedOn: "hand", n: 0 };
    expect(predictFromNamed(model, { a: 0.5, unknown: 100 })).toBeCloseTo(0.5);
  });
});
