import defaultModelJson from "./default-model.json";
import { parseModel, type LogisticModel } from "./logistic-model";

/**
 * The shipped scorer model: a prior trained on synthetic outcomes by train-default-model.ts
 * (not on real data). Workspaces with enough won/lost marks use their own retrained model.
 */
export const DEFAULT_SCORER_MODEL: LogisticModel = parseModel(defaultModelJson);
