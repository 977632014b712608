import { evaluatePredictions, type ModelMetrics } from "./evaluate-model";
import { extractFeatures, FEATURE_NAMES } from "../extract-features";
import { predictProbability, trainLogistic, type LogisticModel } from "../logistic-model";
import { seededRandom, shuffled } from "../../seeded-random";
import type { ScoreInput } from "../types";

export type TrainingExample = { input: ScoreInput; won: boolean };

export type TrainScorerOptions = {
  /** Describes the data for the model's `trainedOn`, e.g. "workspace outcomes". */
  trainedOn?: string;
  l2?: number;
  /** Share of each outcome held out for the reported metrics. */
  holdoutFraction?: number;
  seed?: number;
  minExamples?: number;
  minPerOutcome?: number;
};

export type TrainScorerResult =
  | { model: LogisticModel; metrics: ModelMetrics & { heldOut: number } }
  | { skipped: true; reason: string };

export const MIN_TRAINING_EXAMPLES = 30;
export const MIN_EXAMPLES_PER_OUTCOME = 10;

/**
 * Trains a workspace's scorer from its won/lost marks. Refuses (skipped) below 30 examples or
 * fewer than 10 of either outcome: the shipped prior is better than a model fitted to a
 * handful of leads. Metrics come from a stratified, seeded hold-out; the returned model is
 * then refitted on all examples. `metrics.n` is the number of examples used.
 */
export function trainScorer(examples: readonly TrainingExample[], opts: TrainScorerOptions = {}): TrainScorerResult {
  const minExamples = opts.minExamples ?? MIN_TRAINING_EXAMPLES;
  const minPerOutcome = opts.minPerOutcome ?? MIN_EXAMPLES_PER_OUTCOME;
  const won = examples.filter((e) => e.won);
  const lost = examples.filter((e) => !e.won);
  if (examples.length < minExamples) {
    return { skipped: true, reason: `need at least ${minExamples} marked leads, have ${examples.length}` };
  }
  if (won.length < minPerOutcome || lost.length < minPerOutcome) {
    return {
      skipped: true,
      reason: `need at least ${minPerOutcome} won and ${minPerOutcome} lost leads, have ${won.length} won and ${lost.length} lost`,
    };
  }

  const random = seededRandom(opts.seed ?? 1);
  const fraction = opts.holdoutFraction ?? 0.25;
  const split = (group: readonly TrainingExample[]) => {
    const mixed = shuffled(group, random);
    const held = Math.max(2, Math.round(group.length * fraction));
    return { test: mixed.slice(0, held), train: mixed.slice(held) };
  };
  const w = split(won);
  const l = split(lost);
  const trainOpts = { featureNames: FEATURE_NAMES, trainedOn: opts.trainedOn ?? "workspace outcomes", l2: opts.l2 };

  const heldOutModel = fit([...w.train, ...l.train], trainOpts);
  const test = [...w.test, ...l.test];
  const probabilities = test.map((e) => predictProbability(heldOutModel, extractFeatures(e.input).vector));
  const metrics = evaluatePredictions(probabilities, test.map(label));

  const model = fit(examples, trainOpts);
  return { model, metrics: { ...metrics, n: examples.length, heldOut: test.length } };
}

function fit(
  examples: readonly TrainingExample[],
  opts: { featureNames: readonly string[]; trainedOn: string; l2: number | undefined },
): LogisticModel {
  return trainLogistic(
    examples.map((e) => extractFeatures(e.input).vector),
    examples.map(label),
    { featureNames: opts.featureNames, trainedOn: opts.trainedOn, l2: opts.l2 },
  );
}

function label(example: TrainingExample): 0 | 1 {
  return example.won ? 1 : 0;
}
