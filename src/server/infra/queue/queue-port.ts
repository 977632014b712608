import type { JobCatalog, JobName, JobPayload } from "@/server/infra/queue/define-job";

/**
 * Queue port (docs/architecture.md#ports): QStash in production, pg-boss (a durable Postgres-backed
 * queue in-process) as the embedded default. Both run the same job definitions and give the
 * same guarantees: validated payloads, retries with exponential backoff, a dead letter after
 * the last attempt, dedup ids on publish, at-least-once delivery (handlers are idempotent).
 */
export interface QueuePort<R extends JobCatalog = JobCatalog> {
  /**
   * Enqueue a job. The payload is checked against the job's schema before it leaves the
   * process (a publisher bug throws here, not later in a worker).
   * `deduplicated: true` means an earlier publish with the same `dedupId` already exists;
   * `id` is then that earlier job's id where the backend reports it.
   * Rejects with `QueuePublishError` when the job could not be enqueued.
   */
  publish<N extends JobName<R>>(
    name: N,
    payload: JobPayload<R, N>,
    opts?: PublishOptions,
  ): Promise<PublishResult>;
  /**
   * Enqueue many jobs of one name in as few round trips as the backend allows (one
   * statement locally, one HTTP call per 100 messages on QStash). Every payload is checked
   * first: one bad payload rejects the call and nothing is sent. Results are in item order.
   * `deduplicated` is as for `publish` where the backend can tell; QStash batches report it
   * per message, the local queue reports it from the insert.
   * Rejects with `QueuePublishError`; on QStash a failure after the first 100 messages may
   * leave earlier ones enqueued, so publish with dedup ids when a retry must not repeat them.
   */
  publishMany<N extends JobName<R>>(
    name: N,
    items: ReadonlyArray<PublishItem<JobPayload<R, N>>>,
  ): Promise<PublishResult[]>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PublishItem<P = unknown> {
  payload: P;
  opts?: PublishOptions;
}

export interface PublishOptions {
  /** Stable id of the business operation, e.g. the message id. Scoped per job name. */
  dedupId?: string;
  /** Deliver no earlier than this many seconds from now. */
  delaySeconds?: number;
}

export interface PublishResult {
  id: string | null;
  deduplicated: boolean;
}

/** What the app records when a job fails for good (e.g. marks a message failed). */
export interface JobFailure {
  name: string;
  /** The payload as received; `unknown` because it may be the one that failed validation. */
  payload: unknown;
  error: JobErrorInfo;
  jobId: string;
  attempts: number;
}

/** Name and message only: no stack, no payload values (they may carry PII). */
export interface JobErrorInfo {
  name: string;
  message: string;
}

/**
 * Both hooks must be idempotent: a hook that throws makes the job count as a transient
 * failure, so the delivery is retried and the hook called again.
 */
export interface QueueHooks {
  /** Bad payload or PermanentJobError: acknowledged, not retried. */
  onPermanentFailure(failure: JobFailure): Promise<void>;
  /** Transient failures exhausted every retry. */
  onDeadLetter(failure: JobFailure): Promise<void>;
}

export class QueuePublishError extends Error {
  readonly jobName: string;

  constructor(jobName: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "QueuePublishError";
    this.jobName = jobName;
  }
}
