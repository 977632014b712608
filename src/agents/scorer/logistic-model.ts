import { z } from "zod";

/**
 * A small binary logistic regression: p = sigmoid(bias + Σ weight_i · x_i), trained by
 * Newton's method (iteratively reweighted least squares) on the L2-regularised log loss.
 * With ~20 features this converges in a handful of exact steps and is deterministic.
 */
export const logisticModelSchema = z
  .object({
    version: z.literal(1),
    featureNames: z.array(z.string().min(1)).min(1),
    weights: z.array(z.number().finite()),
    bias: z.number().finite(),
    /** What the model was trained on, e.g. "synthetic-outcomes v1 (seed 7)" or "workspace outcomes". */
    trainedOn: z.string().min(1),
    /** Number of training examples. */
    n: z.number().int().min(0),
  })
  .refine((m) => m.weights.length === m.featureNames.length, "one weight per feature");
export type LogisticModel = z.infer<typeof logisticModelSchema>;

export type TrainLogisticOptions = {
  featureNames: readonly string[];
  trainedOn: string;
  /** L2 penalty on the weights (not the bias); keeps separable data finite. */
  l2?: number;
  maxIterations?: number;
};

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function trainLogistic(rows: readonly number[][], labels: readonly (0 | 1)[], opts: TrainLogisticOptions): LogisticModel {
  const d = opts.featureNames.length;
  const n = rows.length;
  if (n === 0 || labels.length !== n) throw new Error("trainLogistic needs one label per row and at least one row");
  if (rows.some((r) => r.length !== d)) throw new Error(`every row must have ${d} features`);
  const l2 = opts.l2 ?? 1e-2;
  const theta = new Array<number>(d + 1).fill(0); // weights..., bias last
  const x = (i: number, j: number) => (j === d ? 1 : (rows[i]?.[j] ?? 0));

  let loss = objective(rows, labels, theta, l2);
  for (let iter = 0; iter < (opts.maxIterations ?? 50); iter++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const p = sigmoid(dot(theta, rows[i] ?? [], d));
      const residual = p - (labels[i] ?? 0);
      const w = Math.max(p * (1 - p), 1e-10);
      for (let a = 0; a <= d; a++) {
        const xa = x(i, a);
        if (xa === 0) continue;
        gradient[a] = (gradient[a] ?? 0) + (residual * xa) / n;
        const row = hessian[a] ?? [];
        for (let b = 0; b <= a; b++) row[b] = (row[b] ?? 0) + (w * xa * x(i, b)) / n;
      }
    }
    for (let a = 0; a <= d; a++) {
      const row = hessian[a] ?? [];
      for (let b = 0; b < a; b++) (hessian[b] ?? [])[a] = row[b] ?? 0; // mirror the lower triangle
      const penalty = a < d ? l2 : 1e-9;
      gradient[a] = (gradient[a] ?? 0) + (a < d ? l2 * (theta[a] ?? 0) : 0);
      row[a] = (row[a] ?? 0) + penalty;
    }
    const step = solve(hessian, gradient);
    // Damped Newton: halve the step until the objective does not increase.
    let scale = 1;
    let next = theta.map((t, k) => t - scale * (step[k] ?? 0));
    let nextLoss = objective(rows, labels, next, l2);
    while (nextLoss > loss + 1e-12 && scale > 1e-4) {
      scale /= 2;
      next = theta.map((t, k) => t - scale * (step[k] ?? 0));
      nextLoss = objective(rows, labels, next, l2);
    }
    const moved = Math.max(...next.map((t, k) => Math.abs(t - (theta[k] ?? 0))));
    theta.splice(0, theta.length, ...next);
    loss = nextLoss;
    if (moved < 1e-7) break;
  }

  return {
    version: 1,
    featureNames: [...opts.featureNames],
    weights: theta.slice(0, d).map(round6),
    bias: round6(theta[d] ?? 0),
    trainedOn: opts.trainedOn,
    n,
  };
}

/** Probability of a win for a feature vector in the model's feature order. */
export function predictProbability(model: LogisticModel, vector: readonly number[]): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) z += (model.weights[j] ?? 0) * (vector[j] ?? 0);
  return sigmoid(z);
}

/**
 * Probability from named features: a model trained on an older or newer feature set still
 * works (unknown names contribute nothing).
 */
export function predictFromNamed(model: LogisticModel, named: Readonly<Record<string, number>>): number {
  return predictProbability(model, model.featureNames.map((name) => named[name] ?? 0));
}

export function serialiseModel(model: LogisticModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/** Parses and validates a stored model (a DB read is a trust boundary). */
export function parseModel(json: string | unknown): LogisticModel {
  return logisticModelSchema.parse(typeof json === "string" ? JSON.parse(json) : json);
}

function dot(theta: readonly number[], row: readonly number[], d: number): number {
  let z = theta[d] ?? 0;
  for (let j = 0; j < d; j++) z += (theta[j] ?? 0) * (row[j] ?? 0);
  return z;
}

function objective(rows: readonly number[][], labels: readonly (0 | 1)[], theta: readonly number[], l2: number): number {
  const d = theta.length - 1;
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const z = dot(theta, rows[i] ?? [], d);
    // log(1 + e^z) - y·z, computed stably
    total += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (labels[i] ?? 0) * z;
  }
  let penalty = 0;
  for (let j = 0; j < d; j++) penalty += (theta[j] ?? 0) ** 2;
  return total / rows.length + (l2 / 2) * penalty;
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = r;
    [a[col], a[pivot]] = [a[pivot] ?? [], a[col] ?? []];
    const pivotRow = a[col] ?? [];
    const p = pivotRow[col] ?? 0;
    if (Math.abs(p) < 1e-15) continue;
    for (let r = col + 1; r < n; r++) {
      const row = a[r] ?? [];
      const factor = (row[col] ?? 0) / p;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) row[c] = (row[c] ?? 0) - factor * (pivotRow[c] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = a[r] ?? [];
    let sum = row[n] ?? 0;
    for (let c = r + 1; c < n; c++) sum -= (row[c] ?? 0) * (x[c] ?? 0);
    const diag = row[r] ?? 0;
    x[r] = Math.abs(diag) < 1e-15 ? 0 : sum / diag;
  }
  return x;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6 || 0; // "|| 0": no -0, which JSON cannot round-trip
}
