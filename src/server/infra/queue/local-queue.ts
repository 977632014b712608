import PgBoss from "pg-boss";
import type { Logger } from "pino";
import { z } from "zod";

import { checkPublish } from "@/server/infra/queue/check-publish";
import { isBatchJob, type AnyJobDefinition, type JobRegistry } from "@/server/infra/queue/define-job";
import { deriveLocalJobId } from "@/server/infra/queue/derive-dedup-id";
import type { JobEnvelope } from "@/server/infra/queue/job-envelope";
import { queueLogger } from "@/server/infra/queue/queue-logger";
import { insertLocalJobs } from "@/server/infra/queue/insert-local-jobs";
import { QueuePublishError, type PublishResult, type QueueHooks, type QueuePort } from "@/server/infra/queue/queue-port";
import { createWakeScheduler, type WakeScheduler } from "@/server/infra/queue/schedule-wakeups";
import { workDeadLetter, workLocalBatch, workLocalJob } from "@/server/infra/queue/work-local-job";

/**
 * The embedded queue: pg-boss 10 on the app's PostgreSQL (or the PGlite socket server).
 * One pg-boss queue per job plus `<name>__dead`; retry policy and timeout come from the job
 * definition. Workers poll every `pollingIntervalSeconds` (pg-boss' floor is 0.5 s), and a
 * publish from this process also wakes an idle worker at once, so in-process latency is a
 * couple of queries rather than a polling interval. `publishMany` is one INSERT statement;
 * a `defineBatchJob` definition's workers fetch up to its batch size at once, and while jobs
 * keep arriving their wake-up lingers up to `batchLingerMs` so batches form at moderate load
 * too (schedule-wakeups.ts); a worker re-fetches at once only after a full batch.
 */
const configSchema = z.object({
  connectionString: z.string().min(1),
  schema: z.string().regex(/^[a-z_][a-z0-9_]{0,49}$/).default("pgboss"),
  /** Workers per job queue (each handles one job at a time; at most 3 for a batch job, each a batch at a time). */
  concurrency: z.number().int().min(1).max(32).default(2),
  pollingIntervalSeconds: z.number().min(0.5).max(60).default(0.5),
  /** pg pool size. Keep it at or below the PGlite socket server's --max-connections. */
  maxConnections: z.number().int().min(1).max(100).default(4),
  connectTimeoutSeconds: z.number().positive().max(120).default(5),
  /** A dedupId is honoured while the first job is in the job table (pg-boss archives after this). */
  dedupWindowSeconds: z.number().int().min(60).default(86_400),
  stopTimeoutSeconds: z.number().positive().default(10),
  /**
   * Longest an in-process publish to a batch job waits for batch-mates before a worker is woken
   * (only while single jobs trickle in; never after a quiet spell). 0 wakes at once. At
   * 50 msg/s, 50 ms turns process-message batches of 1-2 into batches of 2-3, which cuts the
   * queue's and the handler's statements per message (`npm run bench:pipeline`).
   */
  batchLingerMs: z.number().int().min(0).max(200).default(50),
});

export type LocalQueueConfig<R extends JobRegistry> = z.input<typeof configSchema> & {
  registry: R;
  hooks: QueueHooks;
  log?: Logger;
};

export interface LocalQueue<R extends JobRegistry = JobRegistry> extends QueuePort<R> {
  /** For `startLocalSchedules`; only usable after `start()`. */
  readonly boss: PgBoss;
}

export class LocalQueueStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "LocalQueueStartError";
  }
}

const deadLetterQueueName = (name: string) => `${name}__dead`;
const HOOK_GRACE_SECONDS = 30;
const DEAD_LETTER_POLLING_SECONDS = 5;
const MAX_BATCH_WORKERS = 3;
/**
 * Polling only finds jobs no in-process publish announced (retries coming due, other
 * processes' publishes): the first worker of a queue polls at the configured interval, its
 * siblings (there for concurrency, woken by publishes and by a full batch) this lazily.
 */
const SIBLING_POLLING_SECONDS = 30;
/**
 * Single (non-batch) jobs are background work: schedules, fan-outs, syncs, retraining. Their
 * in-process publishes wake a worker at once too, so polling only finds other processes'
 * publishes and retries coming due, which may wait a few seconds. A dozen queues polled twice a
 * second would otherwise be most of the queue's statements at moderate load.
 */
const BACKGROUND_POLLING_SECONDS = 5;

interface QueueWorkers {
  ids: string[];
  busy: Set<string>;
  /** Batch queues only: when to wake them after a publish. */
  wakeups?: WakeScheduler;
}

export function createLocalQueue<R extends JobRegistry>(config: LocalQueueConfig<R>): LocalQueue<R> {
  const settings = configSchema.parse(config);
  const { registry, hooks } = config;
  const log = queueLogger(config.log).child({ queue: "local" });
  const target = describeDatabase(settings.connectionString);

  const bossOptions = {
    connectionString: settings.connectionString,
    schema: settings.schema,
    max: settings.maxConnections,
    application_name: "leadline-queue",
    archiveCompletedAfterSeconds: settings.dedupWindowSeconds,
    archiveFailedAfterSeconds: settings.dedupWindowSeconds,
    // Not in pg-boss' types; pg-boss hands its whole config to pg.Pool, which honours it.
    connectionTimeoutMillis: Math.round(settings.connectTimeoutSeconds * 1000),
  };
  const boss = new PgBoss(bossOptions);
  boss.on("error", (err) => log.error({ err }, "pg-boss error"));

  const workers = new Map<string, QueueWorkers>();
  let state: "created" | "started" | "stopped" = "created";
  let starting: Promise<void> | undefined;

  /** Wake up to `count` idle workers of a queue; returns how many it woke. */
  const wakeIdle = (queueName: string, count: number) => {
    const queue = workers.get(queueName);
    const idle = (queue?.ids.filter((id) => !queue.busy.has(id)) ?? []).slice(0, count);
    for (const id of idle) boss.notifyWorker(id);
    return idle.length;
  };
  /** `count` ready jobs were published: batch queues may linger; busy workers re-fetch when they finish. */
  const nudge = (queueName: string, count = 1) => {
    const wakeups = workers.get(queueName)?.wakeups;
    if (wakeups) wakeups.published(count);
    else wakeIdle(queueName, count);
  };

  const startWorker = async (
    queueName: string,
    options: { pollingIntervalSeconds: number; batchSize: number },
    run: (jobs: Array<PgBoss.JobWithMetadata<unknown>>) => Promise<object | undefined | void>,
  ) => {
    const queue: QueueWorkers = workers.get(queueName) ?? {
      ids: [],
      busy: new Set<string>(),
      ...(options.batchSize > 1
        ? {
            wakeups: createWakeScheduler({
              batchSize: options.batchSize,
              maxLingerMs: settings.batchLingerMs,
              wake: (count) => wakeIdle(queueName, count),
            }),
          }
        : {}),
    };
    workers.set(queueName, queue);
    const self: { id?: string } = {};
    self.id = await boss.work<unknown>(
      queueName,
      { ...options, includeMetadata: true },
      async (jobs) => {
        const id = self.id;
        if (id) queue.busy.add(id);
        try {
          return jobs.length > 0 ? await run(jobs) : undefined;
        } finally {
          if (id) {
            queue.busy.delete(id);
            // Drain: look for the next job now instead of sleeping a polling interval. A batch
            // queue does so after a full batch only; jobs published meanwhile wake it (lingering).
            if (!queue.wakeups || queue.wakeups.finished(jobs.length)) boss.notifyWorker(id);
          }
        }
      },
    );
    queue.ids.push(self.id);
  };

  const setUpJob = async (definition: AnyJobDefinition) => {
    const dead = deadLetterQueueName(definition.name);
    await boss.createQueue(dead, { name: dead, policy: "standard" });
    const options: PgBoss.Queue = {
      name: definition.name,
      policy: "standard",
      retryLimit: definition.retry.limit,
      retryDelay: definition.retry.backoffSeconds,
      retryBackoff: true,
      expireInSeconds: definition.timeoutSeconds + HOOK_GRACE_SECONDS,
      deadLetter: dead,
    };
    await boss.createQueue(definition.name, options);
    await boss.updateQueue(definition.name, options); // a changed retry policy takes effect

    // pg-boss writes the dead-letter job right after an attempt's failure is recorded.
    const onExhausted = () => setTimeout(() => nudge(dead), 100).unref();
    const first = isBatchJob(definition) ? settings.pollingIntervalSeconds : Math.max(settings.pollingIntervalSeconds, BACKGROUND_POLLING_SECONDS);
    const polling = (i: number) => (i === 0 ? first : Math.max(first, SIBLING_POLLING_SECONDS));
    if (isBatchJob(definition)) {
      // A batch already runs many jobs at once: a few workers suffice.
      for (let i = 0; i < Math.min(settings.concurrency, MAX_BATCH_WORKERS); i += 1) {
        await startWorker(definition.name, { pollingIntervalSeconds: polling(i), batchSize: definition.batch.size }, (jobs) =>
          workLocalBatch({ definition, jobs, boss, hooks, log, onExhausted }),
        );
      }
    } else {
      for (let i = 0; i < settings.concurrency; i += 1) {
        await startWorker(definition.name, { pollingIntervalSeconds: polling(i), batchSize: 1 }, ([job]) =>
          job ? workLocalJob({ definition, job, hooks, log, onExhausted }) : Promise.resolve(undefined),
        );
      }
    }
    // Dead letters are rare and nudged in-process when they appear; poll them lazily.
    const deadPolling = Math.max(settings.pollingIntervalSeconds, DEAD_LETTER_POLLING_SECONDS);
    await startWorker(dead, { pollingIntervalSeconds: deadPolling, batchSize: 1 }, ([job]) =>
      job ? workDeadLetter({ definition, job, hooks, log }) : Promise.resolve(),
    );
  };

  const startOnce = async () => {
    try {
      await boss.start();
    } catch (err) {
      state = "stopped";
      throw new LocalQueueStartError(
        `Local queue could not start against PostgreSQL at ${target}: ${describeCause(err)}`,
        { cause: err },
      );
    }
    try {
      for (const definition of registry.definitions) await setUpJob(definition);
    } catch (err) {
      state = "stopped";
      await boss.stop({ graceful: false }).catch(() => undefined);
      throw new LocalQueueStartError(
        `Local queue could not create its queues in schema "${settings.schema}" at ${target}: ${describeCause(err)}`,
        { cause: err },
      );
    }
    state = "started";
    log.info({ target, jobs: registry.definitions.length }, "local queue started");
  };

  return {
    boss,

    start() {
      starting ??= startOnce();
      return starting;
    },

    async stop() {
      if (state !== "started") return;
      state = "stopped";
      // A lingering wake-up is dropped: its jobs are in the job table for the next start.
      for (const queue of workers.values()) queue.wakeups?.stop();
      await boss.stop({ graceful: true, wait: true, timeout: settings.stopTimeoutSeconds * 1000 });
      log.info("local queue stopped");
    },

    async publish(name, payload, opts) {
      checkPublish(registry, name, payload, opts?.delaySeconds);
      if (state !== "started") {
        throw new QueuePublishError(name, `Cannot publish job "${name}": the local queue is not started`);
      }
      const id = opts?.dedupId === undefined ? undefined : deriveLocalJobId(name, opts.dedupId);
      const delay = opts?.delaySeconds ?? 0;
      const data: JobEnvelope = { payload };
      let inserted: string | null;
      try {
        inserted = await boss.send(name, data, {
          ...(id === undefined ? {} : { id, singletonKey: opts?.dedupId }),
          ...(delay > 0 ? { startAfter: delay } : {}),
        });
      } catch (err) {
        throw new QueuePublishError(name, `Could not enqueue job "${name}" (${describeCause(err)})`, {
          cause: err,
        });
      }
      if (inserted === null) {
        if (id === undefined) {
          throw new QueuePublishError(name, `pg-boss did not insert job "${name}" and gave no reason`);
        }
        return { id, deduplicated: true };
      }
      if (delay === 0) nudge(name);
      return { id: inserted, deduplicated: false };
    },

    async publishMany(name, items) {
      // Every payload is checked before anything is sent.
      const [definition] = items.map((item) => checkPublish(registry, name, item.payload, item.opts?.delaySeconds));
      if (!definition) return [];
      if (state !== "started") {
        throw new QueuePublishError(name, `Cannot publish jobs "${name}": the local queue is not started`);
      }
      let results: PublishResult[];
      try {
        results = await insertLocalJobs(boss, name, items);
      } catch (err) {
        if (err instanceof QueuePublishError) throw err;
        throw new QueuePublishError(name, `Could not enqueue ${items.length} "${name}" jobs (${describeCause(err)})`, {
          cause: err,
        });
      }
      const ready = items.filter((item, index) => !(item.opts?.delaySeconds ?? 0) && !results[index]?.deduplicated);
      if (ready.length > 0) nudge(name, ready.length);
      return results;
    },
  };
}

/** host:port/database, without credentials, for error messages and logs. */
function describeDatabase(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || "5432"}${url.pathname}`;
  } catch {
    return "(unparseable connection string)";
  }
}

function describeCause(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return err.errors.map(describeCause).join("; ");
  }
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return typeof code === "string" && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
