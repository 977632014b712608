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
}

export type AnyJobDefinition = JobDefinition<string, z.ZodType>;

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

/** name -> definition, built once at start-up from the app's list of jobs. */
export interface JobRegistry<Def extends AnyJobDefinition = AnyJobDefinition> {
  readonly definitions: readonly Def[];
  get(name: string): AnyJobDefinition | undefined;
}

export type JobName<R extends JobRegistry> = R["definitions"][number]["name"];

/**
 * What a publisher passes: the schema's input type for that job name (`unknown` for an
 * untyped registry, whose names are plain strings).
 */
export type JobPayload<R extends JobRegistry, N extends JobName<R>> = string extends JobName<R>
  ? unknown
  : z.input<Extract<R["definitions"][number], { name: N }>["schema"]>;

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
