import type PgBoss from "pg-boss";
import type { Logger } from "pino";
import { z } from "zod";

import type { AnyJobDefinition } from "@/server/queue/define-job";
import { jobEnvelopeSchema } from "@/server/queue/job-envelope";
import type { JobErrorInfo, QueueHooks } from "@/server/queue/queue-port";
import { logFields, runJob, toErrorInfo } from "@/server/queue/run-job";

/**
 * What a failed attempt hands to pg-boss. pg-boss stores the thrown error (serialised) as
 * the job's output and copies that output onto the dead-letter job, which is how the
 * dead-letter worker learns the original job id and attempt count. No stack, no payload.
 */
class FailedAttemptError extends Error {
  readonly jobId: string;
  readonly attempt: number;

  constructor(error: JobErrorInfo, jobId: string, attempt: number) {
    super(error.message);
    this.name = error.name;
    this.jobId = jobId;
    this.attempt = attempt;
    this.stack = undefined;
  }
}

/**
 * One delivery of one job. Returns the job's output on success or permanent failure
 * (pg-boss completes the job: not retried); throws on a transient failure (pg-boss fails
 * it: retried with backoff, or moved to the dead-letter queue after the last attempt).
 */
export async function workLocalJob(input: {
  definition: AnyJobDefinition;
  job: PgBoss.JobWithMetadata<unknown>;
  hooks: QueueHooks;
  log: Logger;
  onExhausted: () => void;
}): Promise<object | undefined> {
  const { definition, job, hooks, log } = input;
  const attempt = job.retryCount + 1;
  const envelope = jobEnvelopeSchema.safeParse(job.data);

  const outcome = envelope.success
    ? await runJob({ definition, payload: envelope.data.payload, jobId: job.id, attempt, log })
    : ({
        status: "permanent-failure",
        error: { name: "InvalidJobEnvelope", message: "job data is not a { payload } envelope" },
      } as const);

  if (outcome.status === "succeeded") return undefined;

  let error = outcome.error;
  if (outcome.status === "permanent-failure") {
    const payload = envelope.success ? envelope.data.payload : job.data;
    try {
      await hooks.onPermanentFailure({
        name: definition.name,
        payload,
        error,
        jobId: job.id,
        attempts: attempt,
      });
      return { permanentFailure: error };
    } catch (hookError) {
      error = { name: "PermanentFailureHookFailed", message: toErrorInfo(hookError).message };
      log.error({ job: definition.name, jobId: job.id, ...logFields(error) }, "onPermanentFailure hook threw; retrying");
    }
  }

  if (attempt > job.retryLimit) {
    log.error({ job: definition.name, jobId: job.id, attempt }, "job exhausted its retries; dead-lettering");
    input.onExhausted();
  }
  throw new FailedAttemptError(error, job.id, attempt);
}

const deadOutputSchema = z
  .object({
    name: z.string(),
    message: z.string(),
    jobId: z.string(),
    attempt: z.number().int(),
    // pg-boss' own failures (expiry, shutdown) are stored as { value: ... }.
    value: z.union([z.string(), z.object({ message: z.string() }).partial()]),
  })
  .partial();

/** One job on `<name>__dead`: tell the app, then let pg-boss complete it. */
export async function workDeadLetter(input: {
  definition: AnyJobDefinition;
  job: PgBoss.JobWithMetadata<unknown>;
  hooks: QueueHooks;
  log: Logger;
}): Promise<void> {
  const { definition, job } = input;
  const envelope = jobEnvelopeSchema.safeParse(job.data);
  const parsedOutput = deadOutputSchema.safeParse(job.output);
  const output = parsedOutput.success ? parsedOutput.data : {};
  const value = output.value;
  const pgBossMessage = typeof value === "string" ? value : value?.message;

  await input.hooks.onDeadLetter({
    name: definition.name,
    payload: envelope.success ? envelope.data.payload : job.data,
    error: {
      name: output.name ?? "JobFailed",
      message: output.message ?? pgBossMessage ?? "job failed after its last retry",
    },
    jobId: output.jobId ?? job.id,
    attempts: output.attempt ?? job.retryLimit + 1,
  });
}
