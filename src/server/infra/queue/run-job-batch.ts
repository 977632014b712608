import type { Logger } from "pino";

import { InvalidBatchResultError, type AnyBatchJobDefinition } from "@/server/infra/queue/define-job";
import { classifyFailure, rejectPayload, withJobTimeout, type JobOutcome } from "@/server/infra/queue/run-job";

export interface BatchJob {
  payload: unknown;
  jobId: string;
  attempt: number;
}

/**
 * `runJob` for many jobs of one batch definition: each payload is validated on its own (a
 * bad one fails permanently without holding up the rest), the valid ones go to
 * `handleBatch` in one call under the job's timeout, and each job gets its own outcome, in
 * job order. If `handleBatch` throws, times out or returns a result array of the wrong
 * length, every job handed to it gets that failure. Never throws.
 */
export async function runJobBatch(input: {
  definition: AnyBatchJobDefinition;
  jobs: readonly BatchJob[];
  log: Logger;
}): Promise<JobOutcome[]> {
  const { definition, jobs } = input;
  const batchLog = input.log.child({ job: definition.name, batchSize: jobs.length });
  const outcomes = new Array<JobOutcome>(jobs.length);
  const valid: Array<BatchJob & { index: number; log: Logger }> = [];

  jobs.forEach((job, index) => {
    const log = input.log.child({ job: definition.name, jobId: job.jobId, attempt: job.attempt });
    const parsed = definition.schema.safeParse(job.payload);
    if (parsed.success) valid.push({ ...job, payload: parsed.data, index, log });
    else outcomes[index] = rejectPayload(parsed.error, log);
  });
  if (valid.length === 0) return outcomes;

  const started = performance.now();
  try {
    const results = await withJobTimeout(definition, (signal) =>
      definition.batch.handle(
        valid.map(({ payload, jobId, attempt, log }) => ({ payload, ctx: { jobId, attempt, log, signal } })),
        { log: batchLog, signal },
      ),
    );
    if (!Array.isArray(results) || results.length !== valid.length) {
      throw new InvalidBatchResultError(definition.name, valid.length, results);
    }
    let failed = 0;
    valid.forEach((item, i) => {
      const result = results[i];
      if (result?.ok) {
        outcomes[item.index] = { status: "succeeded" };
      } else {
        failed += 1;
        outcomes[item.index] = classifyFailure(result?.error, item.log);
      }
    });
    batchLog.info(
      { durationMs: Math.round(performance.now() - started), handled: valid.length, failed },
      "job batch finished",
    );
  } catch (err) {
    // One log line for the batch, not one per item.
    const outcome = classifyFailure(err, batchLog);
    for (const item of valid) outcomes[item.index] = outcome;
  }
  return outcomes;
}
