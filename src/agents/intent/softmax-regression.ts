import type { SparseVector } from "./featurize";
import { createRng, shuffleInPlace } from "./training/split";

/** Multinomial logistic regression over sparse hashed features. */
export type SoftmaxModel = {
  numClasses: number;
  dim: number;
  /** Row-major: weights[feature * numClasses + class]. */
  weights: Float32Array;
  bias: Float64Array;
};

export type TrainOptions = {
  epochs: number;
  learningRate: number;
  l2: number;
  batchSize: number;
  seed: number;
};

export type TrainingExample = { x: SparseVector; label: number; weight: number };

export function computeLogits(model: SoftmaxModel, x: SparseVector): Float64Array {
  const k = model.numClasses;
  const out = Float64Array.from(model.bias);
  for (let i = 0; i < x.indices.length; i++) {
    const base = (x.indices[i] ?? 0) * k;
    const value = x.values[i] ?? 0;
    for (let c = 0; c < k; c++) out[c] = (out[c] ?? 0) + (model.weights[base + c] ?? 0) * value;
  }
  return out;
}

/** Softmax of logits / temperature, numerically stable. */
export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  let max = -Infinity;
  for (let c = 0; c < logits.length; c++) max = Math.max(max, (logits[c] ?? 0) / temperature);
  const exps = Array.from({ length: logits.length }, (_, c) => Math.exp((logits[c] ?? 0) / temperature - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * Mini-batch Adam with L2, updating only the features a batch touches ("lazy" Adam), with a
 * linearly decaying learning rate. Deterministic for a given seed and example order.
 */
export function trainSoftmax(
  examples: readonly TrainingExample[],
  dim: number,
  numClasses: number,
  options: TrainOptions,
): SoftmaxModel {
  const k = numClasses;
  const model: SoftmaxModel = { numClasses: k, dim, weights: new Float32Array(dim * k), bias: new Float64Array(k) };
  const m = new Float32Array(dim * k);
  const v = new Float32Array(dim * k);
  const grad = new Float64Array(dim * k);
  const touched = new Uint8Array(dim);
  const touchedList: number[] = [];
  const biasM = new Float64Array(k);
  const biasV = new Float64Array(k);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const rng = createRng(options.seed);
  const order = examples.map((_, i) => i);
  const totalSteps = options.epochs * Math.ceil(examples.length / options.batchSize);
  let step = 0;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, rng);
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      const biasGrad = new Float64Array(k);
      for (const index of batch) {
        const example = examples[index];
        if (!example) continue;
        const probs = softmax(computeLogits(model, example.x));
        for (let c = 0; c < k; c++) {
          const delta = example.weight * ((probs[c] ?? 0) - (c === example.label ? 1 : 0));
          biasGrad[c] = (biasGrad[c] ?? 0) + delta;
          for (let i = 0; i < example.x.indices.length; i++) {
            const feature = example.x.indices[i] ?? 0;
            if (c === 0 && touched[feature] === 0) {
              touched[feature] = 1;
              touchedList.push(feature);
            }
            grad[feature * k + c] = (grad[feature * k + c] ?? 0) + delta * (example.x.values[i] ?? 0);
          }
        }
      }
      step++;
      const lr = options.learningRate * (1 - 0.9 * (step / totalSteps));
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      const adam = (g: number, mPrev: number, vPrev: number): [number, number, number] => {
        const mNext = beta1 * mPrev + (1 - beta1) * g;
        const vNext = beta2 * vPrev + (1 - beta2) * g * g;
        return [mNext, vNext, (lr * (mNext / correction1)) / (Math.sqrt(vNext / correction2) + eps)];
      };
      for (const feature of touchedList) {
        for (let c = 0; c < k; c++) {
          const j = feature * k + c;
          const g = (grad[j] ?? 0) / batch.length + options.l2 * (model.weights[j] ?? 0);
          const [mNext, vNext, update] = adam(g, m[j] ?? 0, v[j] ?? 0);
          m[j] = mNext;
          v[j] = vNext;
          model.weights[j] = (model.weights[j] ?? 0) - update;
          grad[j] = 0;
        }
        touched[feature] = 0;
      }
      touchedList.length = 0;
      for (let c = 0; c < k; c++) {
        const [mNext, vNext, update] = adam((biasGrad[c] ?? 0) / batch.length, biasM[c] ?? 0, biasV[c] ?? 0);
        biasM[c] = mNext;
        biasV[c] = vNext;
        model.bias[c] = (model.bias[c] ?? 0) - update;
      }
    }
  }
  return model;
}
