/**
 * Trains the scorer's shipped default model and writes `default-model.json`.
 *
 *   npx tsx src/agents/scorer/training/train-default-model.ts
 *
 * The default is a PRIOR trained on synthetic outcomes (see synthetic-outcomes.ts for the
 * stated generative assumption), not on real won/lost data; no public dataset of that kind
 * exists. Each workspace replaces it by retraining (`trainScorer`) on its own won/lost marks
 * once it has enough of them. Same seed, same data, same model: a test checks that the JSON
 * in the repository is what this script produces.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { serialiseModel } from "../logistic-model";
import { generateSyntheticOutcomes } from "./synthetic-outcomes";
import { trainScorer, type TrainScorerResult } from "./train-scorer";

export const DEFAULT_MODEL_SEED = 7;
export const DEFAULT_MODEL_EXAMPLES = 4_000;
export const DEFAULT_MODEL_L2 = 1e-3;

export function trainDefaultModel(): Exclude<TrainScorerResult, { skipped: true }> {
  const examples = generateSyntheticOutcomes(DEFAULT_MODEL_EXAMPLES, DEFAULT_MODEL_SEED);
  const result = trainScorer(examples, {
    trainedOn: `synthetic-outcomes v2 (seed ${DEFAULT_MODEL_SEED}); a prior, replaced per workspace by retraining on real won/lost marks`,
    l2: DEFAULT_MODEL_L2,
    seed: DEFAULT_MODEL_SEED,
  });
  if ("skipped" in result) throw new Error(`default model training skipped: ${result.reason}`);
  return result;
}

function main(): void {
  const { model, metrics } = trainDefaultModel();
  const target = fileURLToPath(new URL("../default-model.json", import.meta.url));
  writeFileSync(target, serialiseModel(model));
  process.stdout.write(
    `wrote ${target}\nheld-out (${metrics.heldOut} of ${metrics.n}): AUC ${metrics.auc.toFixed(3)}, ` +
      `accuracy ${metrics.accuracy.toFixed(3)}, log loss ${metrics.logLoss.toFixed(3)}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
