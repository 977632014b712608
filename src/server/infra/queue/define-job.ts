import type { Logger } from "pino";
import type { z } from "zod";

/**
 * A job is a row in a typed table: name -> zod schema -> handler, plus its retry policy.
 * Both queue implementations (pg-boss locally, QStash in production) run the same
 * definitions through `runJob`, so a handler never knows which one delivered it.
 *
 * Handlers must be idempotent: every backend delivers at least once.
 */

export interface RetryPolicy {
  /** Retries after the first attempt; total attempts = limit + 1. */
  readonly limit: number;
  /** Base delay; attempt n waits roughly backoffSeconds * 2^(n-1) (exponential). */
  readonly backoffSeconds: number;
}

export interface JobContext {
  /** pg-boss job id, or the QStash message id. */
  readonly jobId: string;
  /** 1 for the first delivery, 2 for the first retry, ... */
  readonly attempt: number;
  /** Child logger bound to job name, id and attempt. Never log payload contents (PII). */
  readonly log: Logger;
  /** Aborted when the job exceeds its timeout; pass it to fetch/LLM calls. */
  readonly signal: AbortSignal;
}

export interface JobDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly name: Name;
  readonly schema: Schema;
  readonly retry: RetryPolicy;
  readonly timeoutSeconds: number;
  // Method syntax on purpose: it keeps a concrete definition assignable to AnyJobDefinition.
  handler(payload: z.output<Schema>, ctx: JobContext): Promise<void>;
  /** Set by `defineBatchJob`: the local queue then hands jobs over up to `size` at a time. */
  readonly batch?: JobBatch<z.output<Schema>>;
}

/** One job of a batch, with its own id, attempt and logger. */
export interface BatchItem<P> {
  readonly payload: P;
  readonly ctx: JobContext;
}

/** Per item, in the same order and number as the items handed in. */
export type BatchItemResult = { ok: true } | { ok: false; error: unknown };

/** Shared by every item of one batch: the batch's logger and its timeout signal. */
export interface BatchContext {
  readonly log: Logger;
  readonly signal: AbortSignal;
}

export interface JobBatch<P> {
  /** Most jobs handed to `handle` at once (1..100). */
  readonly size: number;
  // Method syntax, as for `handler`.
  handle(items: BatchItem<P>[], ctx: BatchContext): Promise<BatchItemResult[]>;
}

export type AnyJobDefinition = JobDefinition<string, z.ZodType>;
export type AnyBatchJobDefinition = AnyJobDefinition & { readonly batch: JobBatch<unknown> };

export function isBatchJob(definition: AnyJobDefinition): definition is AnyBatchJobDefinition {
  return definition.batch !== undefined;
}

export const DEFAULT_RETRY: RetryPolicy = { limit: 3, backoffSeconds: 5 };
export const DEFAULT_TIMEOUT_SECONDS = 60;

const JOB_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Thrown by a handler (or raised for a payload that fails its schema) when retrying can
 * never help: bad payload, unknown entity. The job is acknowledged, the failure recorded
 * through `onPermanentFailure`, and it is not retried.
 */
export class PermanentJobError extends Error {
  readonly code: string;

  constructor(message: string, options?: { code?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PermanentJobError";
    this.code = options?.code ?? "PERMANENT_JOB_FAILURE";
  }
}

export function defineJob<const Name extends string, Schema extends z.ZodType>(input: {
  name: Name;
  schema: Schema;
  handler: (payload: z.output<Schema>, ctx: JobContext) => Promise<void>;
  retry?: Partial<RetryPolicy>;
  timeoutSeconds?: number;
}): JobDefinition<Name, Schema> {
  if (!JOB_NAME.test(input.name)) {
    throw new Error(`Job name "${input.name}" must be kebab-case (a-z, 0-9, "-"), at most 63 chars`);
  }
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...input.retry };
  if (!Number.isInteger(retry.limit) || retry.limit < 0 || retry.limit > 20) {
    throw new Error(`Job "${input.name}": retry.limit must be an integer in 0..20`);
  }
  if (!Number.isInteger(retry.backoffSeconds) || retry.backoffSeconds < 1) {
    throw new Error(`Job "${input.name}": retry.backoffSeconds must be an integer >= 1`);
  }
  const timeoutSeconds = input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 3600) {
    throw new Error(`Job "${input.name}": timeoutSeconds must be an integer in 1..3600`);
  }
  const handler = input.handler;
  return {
    name: input.name,
    schema: input.schema,
    retry,
    timeoutSeconds,
    handler: (payload, ctx) => handler(payload, ctx),
  };
}

export const MAX_BATCH_SIZE = 100;

/** handleBatch returned a result array that does not line up with its items. */
export class InvalidBatchResultError extends Error {
  constructor(jobName: string, expected: number, actual: unknown) {
    const got = Array.isArray(actual) ? `${actual.length} results` : "no array";
    super(`Job "${jobName}": handleBatch returned ${got} for ${expected} items`);
    this.name = "InvalidBatchResult";
  }
}

/**
 * A job whose handler takes many payloads at once, so the per-job database round trips of
 * a hot path become one per batch. Each item succeeds or fails on its own with the same
 * semantics as `defineJob` (PermanentJobError: recorded, not retried; anything else:
 * retried, dead-lettered after the last attempt). If `handleBatch` throws or times out,
 * every item of the batch gets that error.
 *
 * The definition also has a plain one-payload `handler` (a batch of one), so a backend that
 * delivers one job per request (QStash) runs it unchanged.
 */
export function defineBatchJob<const Name extends string, Schema extends z.ZodType>(input: {
  name: Name;
  schema: Schema;
  batchSize: number;
  handleBatch: (items: BatchItem<z.output<Schema>>[], ctx: BatchContext) => Promise<BatchItemResult[]>;
  retry?: Partial<RetryPolicy>;
  timeoutSeconds?: number;
}): JobDefinition<Name, Schema> & { readonly batch: JobBatch<z.output<Schema>> } {
  const { name, batchSize, handleBatch } = input;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new Error(`Job "${name}": batchSize must be an integer in 1..${MAX_BATCH_SIZE}`);
  }
  const single = defineJob({
    name,
    schema: input.schema,
    retry: input.retry,
    timeoutSeconds: input.timeoutSeconds,
    handler: async (payload, ctx) => {
      const results = await handleBatch([{ payload, ctx }], { log: ctx.log, signal: ctx.signal });
      const [result] = Array.isArray(results) && results.length === 1 ? results : [];
      if (!result) throw new InvalidBatchResultError(name, 1, results);
      if (!result.ok) throw result.error;
    },
  });
  return { ...single, batch: { size: batchSize, handle: (items, ctx) => handleBatch(items, ctx) } };
}

/**
 * What a publisher needs to know about a job, and nothing that runs it: name, payload schema,
 * retry policy, timeout, batch size. A `JobDefinition` is a contract with a handler bound.
 */
export interface JobContract<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly name: Name;
  readonly schema: Schema;
  readonly retry: RetryPolicy;
  readonly timeoutSeconds: number;
  /** Batch jobs only: how many the local queue hands to the handler at once. */
  readonly batchSize?: number;
}

/** name -> contract: what publishing code types itself against (no handlers, so no imports of them). */
export interface JobCatalog<Contract extends JobContract = JobContract> {
  readonly definitions: readonly Contract[];
  get(name: string): JobContract | undefined;
}

/** name -> definition (contract plus handler), built once where workers start. */
export interface JobRegistry<Def extends AnyJobDefinition = AnyJobDefinition> extends JobCatalog<Def> {
  get(name: string): AnyJobDefinition | undefined;
}

export type JobName<R extends JobCatalog> = R["definitions"][number]["name"];

/**
 * What a publisher passes: the schema's input type for that job name (`unknown` for an
 * untyped catalog, whose names are plain strings).
 */
export type JobPayload<R extends JobCatalog, N extends JobName<R>> = string extends JobName<R>
  ? unknown
  : z.input<Extract<R["definitions"][number], { name: N }>["schema"]>;

/** Checks each contract as `defineJob` would (name, retry, timeout, batch size) and indexes them. */
export function createJobCatalog<const Contracts extends readonly JobContract[]>(contracts: Contracts): JobCatalog<Contracts[number]> {
  const byName = new Map<string, JobContract>();
  for (const contract of contracts) {
    if (byName.has(contract.name)) throw new Error(`Duplicate job name "${contract.name}" in the job catalog`);
    const checked = defineJob({ ...contract, handler: async () => undefined });
    if (contract.batchSize !== undefined) defineBatchJob({ ...checked, batchSize: contract.batchSize, handleBatch: async () => [] });
    byName.set(contract.name, contract);
  }
  return { definitions: contracts, get: (name) => byName.get(name) };
}

export function createJobRegistry<const Defs extends readonly AnyJobDefinition[]>(
  definitions: Defs,
): JobRegistry<Defs[number]> {
  const byName = new Map<string, AnyJobDefinition>();
  for (const definition of definitions) {
    if (byName.has(definition.name)) {
      throw new Error(`Duplicate job name "${definition.name}" in the job registry`);
    }
    byName.set(definition.name, definition);
  }
  return {
    definitions,
    get: (name) => byName.get(name),
  };
}
