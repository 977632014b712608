import type { Logger } from "pino";
import type { z } from "zod";

import { PermanentJobError, type AnyJobDefinition } from "@/server/infra/queue/define-job";
import type { JobErrorInfo } from "@/server/infra/queue/queue-port";

export type JobOutcome =
  | { status: "succeeded" }
  | { status: "permanent-failure"; error: JobErrorInfo }
  | { status: "transient-failure"; error: JobErrorInfo };

export class JobTimeoutError extends Error {
  constructor(jobName: string, timeoutSeconds: number) {
    super(`Job "${jobName}" exceeded its timeout of ${timeoutSeconds}s`);
    this.name = "JobTimeoutError";
  }
}

/**
 * The one place a job runs, whichever backend delivered it: validate the payload with the
 * job's schema, call the handler under a timeout, classify the result. Never throws.
 * A schema failure or PermanentJobError is permanent; anything else (timeouts included)
 * is transient.
 */
export async function runJob(input: {
  definition: AnyJobDefinition;
  payload: unknown;
  jobId: string;
  attempt: number;
  log: Logger;
}): Promise<JobOutcome> {
  const { definition, jobId, attempt } = input;
  const log = input.log.child({ job: definition.name, jobId, attempt });

  const parsed = definition.schema.safeParse(input.payload);
  if (!parsed.success) return rejectPayload(parsed.error, log);

  const started = performance.now();
  try {
    await withJobTimeout(definition, (signal) => definition.handler(parsed.data, { jobId, attempt, log, signal }));
    log.info({ durationMs: Math.round(performance.now() - started) }, "job succeeded");
    return { status: "succeeded" };
  } catch (err) {
    return classifyFailure(err, log);
  }
}

/**
 * Runs `work` under the job's timeout: when it passes, the signal handed to `work` is
 * aborted and the returned promise rejects with JobTimeoutError (whatever `work` does).
 */
export async function withJobTimeout<T>(
  definition: AnyJobDefinition,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new JobTimeoutError(definition.name, definition.timeoutSeconds);
      controller.abort(error);
      reject(error);
    }, definition.timeoutSeconds * 1000);
  });
  try {
    // The async wrapper turns a synchronous throw into a rejection.
    return await Promise.race([(async () => work(controller.signal))(), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** A payload that fails its schema: permanent, logged without the payload's values. */
export function rejectPayload(zodError: z.ZodError, log: Logger): JobOutcome {
  const error = { name: "InvalidJobPayload", message: describePayloadError(zodError) };
  log.warn(logFields(error), "job payload rejected by its schema; not retried");
  return { status: "permanent-failure", error };
}

/** PermanentJobError is permanent; anything else (timeouts included) is transient. */
export function classifyFailure(err: unknown, log: Logger): JobOutcome {
  const error = toErrorInfo(err);
  if (err instanceof PermanentJobError) {
    log.warn({ ...logFields(error), errorCode: err.code }, "job failed permanently; not retried");
    return { status: "permanent-failure", error };
  }
  log.warn(logFields(error), "job attempt failed");
  return { status: "transient-failure", error };
}

const MAX_MESSAGE_LENGTH = 500;

export function toErrorInfo(err: unknown): JobErrorInfo {
  if (err instanceof Error) {
    return { name: err.name, message: truncate(err.message) };
  }
  return { name: "NonErrorThrown", message: truncate(String(err)) };
}

/** Paths and messages only: zod's messages name expected types, not the offending values. */
export function describePayloadError(error: z.ZodError): string {
  const issues = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)"}: ${issue.message}`);
  return truncate(`invalid payload: ${issues.join("; ")}`);
}

/** Flat keys: the app logger redacts any key called "name" (it may be a person's). */
export function logFields(error: JobErrorInfo): { errorName: string; errorMessage: string } {
  return { errorName: error.name, errorMessage: error.message };
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}
