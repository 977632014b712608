import type PgBoss from "pg-boss";
import type { Logger } from "pino";
import { z } from "zod";

import type { AnyBatchJobDefinition, AnyJobDefinition } from "@/server/infra/queue/define-job";
import { jobEnvelopeSchema } from "@/server/infra/queue/job-envelope";
import type { JobErrorInfo, QueueHooks } from "@/server/infra/queue/queue-port";
import { logFields, runJob, toErrorInfo, type JobOutcome } from "@/server/infra/queue/run-job";
import { runJobBatch } from "@/server/infra/queue/run-job-batch";

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
  const { definition, job, log } = input;
  const envelope = readEnvelope(job);
  const outcome = envelope.ok
    ? await runJob({ definition, payload: envelope.payload, jobId: job.id, attempt: attemptOf(job), log })
    : INVALID_ENVELOPE;
  const settled = await settleOutcome({ ...input, outcome, payload: envelope.payload });
  if (settled.failure) throw settled.failure;
  return settled.output;
}

/**
 * One delivery of a batch (a definition from `defineBatchJob`, fetched with pg-boss'
 * batchSize). Each job is settled on its own: a permanent failure is completed with its
 * output here, a transient one failed here (retried or dead-lettered alone); the jobs left
 * active are the successes, which pg-boss completes when this resolves (its complete only
 * touches active jobs). Per-job failures never make this throw; it throws only when pg-boss
 * could not record a settlement, and pg-boss then fails every job of the batch still active,
 * so nothing is lost (at worst a success runs again).
 */
export async function workLocalBatch(input: {
  definition: AnyBatchJobDefinition;
  jobs: ReadonlyArray<PgBoss.JobWithMetadata<unknown>>;
  boss: Pick<PgBoss, "complete" | "fail">;
  hooks: QueueHooks;
  log: Logger;
  onExhausted: () => void;
}): Promise<void> {
  const { definition, jobs, boss, log } = input;
  const envelopes = jobs.map(readEnvelope);
  const runnable = jobs.flatMap((job, index) => {
    const envelope = envelopes[index];
    return envelope?.ok ? [{ payload: envelope.payload, jobId: job.id, attempt: attemptOf(job) }] : [];
  });
  const ran = await runJobBatch({ definition, jobs: runnable, log });

  let next = 0;
  const outcomes = envelopes.map((envelope) => (envelope.ok ? ran[next++] : undefined) ?? INVALID_ENVELOPE);

  const settlements = await Promise.allSettled(
    jobs.map(async (job, index) => {
      const outcome = outcomes[index] ?? INVALID_ENVELOPE;
      const settled = await settleOutcome({ ...input, job, outcome, payload: envelopes[index]?.payload });
      if (settled.failure) await boss.fail(definition.name, job.id, settled.failure);
      else if (settled.output) await boss.complete(definition.name, job.id, settled.output);
    }),
  );
  const unrecorded = settlements.filter((s): s is PromiseRejectedResult => s.status === "rejected");
  if (unrecorded.length > 0) {
    log.error(
      { job: definition.name, batchSize: jobs.length, unrecorded: unrecorded.length },
      "pg-boss could not record job settlements; failing the batch",
    );
    throw new AggregateError(unrecorded.map((s) => s.reason as unknown), "could not record batch job settlements");
  }
}

const INVALID_ENVELOPE: JobOutcome = {
  status: "permanent-failure",
  error: { name: "InvalidJobEnvelope", message: "job data is not a { payload } envelope" },
};

const attemptOf = (job: PgBoss.JobWithMetadata<unknown>) => job.retryCount + 1;

/** The payload inside the job's envelope, or (for the failure hook) the raw job data. */
function readEnvelope(job: PgBoss.JobWithMetadata<unknown>): { ok: boolean; payload: unknown } {
  const envelope = jobEnvelopeSchema.safeParse(job.data);
  return envelope.success ? { ok: true, payload: envelope.data.payload } : { ok: false, payload: job.data };
}

/**
 * What pg-boss should do with one job after its outcome: complete it (with `output`) or
 * fail it with `failure`. A permanent failure is recorded through onPermanentFailure first;
 * if that hook throws, the job counts as a transient failure so the hook runs again.
 */
async function settleOutcome(input: {
  definition: AnyJobDefinition;
  job: PgBoss.JobWithMetadata<unknown>;
  outcome: JobOutcome;
  payload: unknown;
  hooks: QueueHooks;
  log: Logger;
  onExhausted: () => void;
}): Promise<{ output?: object; failure?: FailedAttemptError }> {
  const { definition, job, outcome, log } = input;
  if (outcome.status === "succeeded") return {};

  const attempt = attemptOf(job);
  let error = outcome.error;
  if (outcome.status === "permanent-failure") {
    try {
      await input.hooks.onPermanentFailure({
        name: definition.name,
        payload: input.payload,
        error,
        jobId: job.id,
        attempts: attempt,
      });
      return { output: { permanentFailure: error } };
    } catch (hookError) {
      error = { name: "PermanentFailureHookFailed", message: toErrorInfo(hookError).message };
      log.error({ job: definition.name, jobId: job.id, ...logFields(error) }, "onPermanentFailure hook threw; retrying");
    }
  }

  if (attempt > job.retryLimit) {
    log.error({ job: definition.name, jobId: job.id, attempt }, "job exhausted its retries; dead-lettering");
    input.onExhausted();
  }
  return { failure: new FailedAttemptError(error, job.id, attempt) };
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
