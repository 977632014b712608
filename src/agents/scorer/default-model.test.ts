import { describe, expect, it } from "vitest";
import { DEFAULT_SCORER_MODEL } from "./default-model";
import { FEATURE_NAMES } from "./extract-features";
import { generateSyntheticOutcomes } from "./training/synthetic-outcomes";
import { trainDefaultModel } from "./training/train-default-model";

const weight = (name: string) => DEFAULT_SCORER_MODEL.weights[DEFAULT_SCORER_MODEL.featureNames.indexOf(name)] ?? NaN;

describe("default scorer model", () => {
  it("is the output of train-default-model.ts (trained, not hand-set)", () => {
    const { model, metrics } = trainDefaultModel();
    expect(model.featureNames).toEqual(DEFAULT_SCORER_MODEL.featureNames);
    expect(model.n).toBe(DEFAULT_SCORER_MODEL.n);
    model.weights.forEach((w, i) => expect(w).toBeCloseTo(DEFAULT_SCORER_MODEL.weights[i] ?? NaN, 4));
    expect(model.bias).toBeCloseTo(DEFAULT_SCORER_MODEL.bias, 4);
    expect(metrics.auc).toBeGreaterThan(0.8);
  });

  it("covers the current features and says it is a synthetic prior", () => {
    expect(DEFAULT_SCORER_MODEL.featureNames).toEqual([...FEATURE_NAMES]);
    expect(DEFAULT_SCORER_MODEL.trainedOn).toMatch(/synthetic/);
  });

  it("learned the directions of the generative assumption", () => {
    for (const positive of ["pricing", "demo_trial", "urgency", "verified", "engaged", "repeat_contact"]) {
      expect(weight(positive), positive).toBeGreaterThan(0);
    }
    // Every feature a stronger buying signal can switch on weighs for a win: with the rules'
    // non-negative points this is what keeps "a stronger signal never lowers the score" true.
    for (const positive of ["pricing", "purchase", "demo_trial", "plan_mention", "urgency", "budget", "team_size", "buy_now", "bulk", "quantity", "visit", "date", "product_question"]) {
      expect(weight(positive), positive).toBeGreaterThan(0);
    }
    expect(weight("buy_now")).toBeGreaterThan(weight("product_question"));
    for (const negative of ["intent_spam", "negative", "ghosted", "not_buying"]) expect(weight(negative), negative).toBeLessThan(0);
    expect(weight("intent_sales")).toBeGreaterThan(weight("intent_support"));
  });
});

describe("synthetic outcomes", () => {
  it("are reproducible for a seed and plausible", () => {
    expect(generateSyntheticOutcomes(50, 5)).toEqual(generateSyntheticOutcomes(50, 5));
    const data = generateSyntheticOutcomes(3_000, 5);
    const rate = (filter: (e: (typeof data)[number]) => boolean) => {
      const group = data.filter(filter);
      return group.filter((e) => e.won).length / group.length;
    };
    const overall = rate(() => true);
    expect(overall).toBeGreaterThan(0.1);
    expect(overall).toBeLessThan(0.5);
    expect(rate((e) => e.input.intent === "spam")).toBeLessThan(rate((e) => e.input.intent === "sales"));
  });
});
