import PgBoss from "pg-boss";
import type { Logger } from "pino";
import { z } from "zod";

import { checkPublish } from "@/server/queue/check-publish";
import type { AnyJobDefinition, JobRegistry } from "@/server/queue/define-job";
import { deriveLocalJobId } from "@/server/queue/derive-dedup-id";
import type { JobEnvelope } from "@/server/queue/job-envelope";
import { queueLogger } from "@/server/queue/queue-logger";
import { QueuePublishError, type QueueHooks, type QueuePort } from "@/server/queue/queue-port";
import { workDeadLetter, workLocalJob } from "@/server/queue/work-local-job";

/**
 * The embedded queue: pg-boss 10 on the app's PostgreSQL (or the PGlite socket server).
 * One pg-boss queue per job plus `<name>__dead`; retry policy and timeout come from the job
 * definition. Workers poll every `pollingIntervalSeconds` (pg-boss' floor is 0.5 s), and a
 * publish from this process also wakes an idle worker at once, so in-process latency is a
 * couple of queries rather than a polling interval.
 */
const configSchema = z.object({
  connectionString: z.string().min(1),
  schema: z.string().regex(/^[a-z_][a-z0-9_]{0,49}$/).default("pgboss"),
  /** Workers per job queue (each handles one job at a time). */
  concurrency: z.number().int().min(1).max(32).default(2),
  pollingIntervalSeconds: z.number().min(0.5).max(60).default(0.5),
  /** pg pool size. Keep it at or below the PGlite socket server's --max-connections. */
  maxConnections: z.number().int().min(1).max(100).default(4),
  connectTimeoutSeconds: z.number().positive().max(120).default(5),
  /** A dedupId is honoured while the first job is in the job table (pg-boss archives after this). */
  dedupWindowSeconds: z.number().int().min(60).default(86_400),
  stopTimeoutSeconds: z.number().positive().default(10),
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

interface QueueWorkers {
  ids: string[];
  busy: Set<string>;
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

  /** Wake one idle worker of a queue; busy workers re-fetch by themselves when they finish. */
  const nudge = (queueName: string) => {
    const queue = workers.get(queueName);
    const idle = queue?.ids.find((id) => !queue.busy.has(id));
    if (idle) boss.notifyWorker(idle);
  };

  const startWorker = async (
    queueName: string,
    pollingIntervalSeconds: number,
    run: (job: PgBoss.JobWithMetadata<unknown>) => Promise<object | undefined | void>,
  ) => {
    const queue = workers.get(queueName) ?? { ids: [], busy: new Set<string>() };
    workers.set(queueName, queue);
    const self: { id?: string } = {};
    self.id = await boss.work<unknown>(
      queueName,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds },
      async ([job]) => {
        const id = self.id;
        if (id) queue.busy.add(id);
        try {
          return job ? await run(job) : undefined;
        } finally {
          if (id) {
            queue.busy.delete(id);
            // Drain: look for the next job now instead of sleeping a polling interval.
            boss.notifyWorker(id);
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

    for (let i = 0; i < settings.concurrency; i += 1) {
      await startWorker(definition.name, settings.pollingIntervalSeconds, (job) =>
        workLocalJob({
          definition,
          job,
          hooks,
          log,
          // pg-boss writes the dead-letter job right after this attempt's failure is recorded.
          onExhausted: () => setTimeout(() => nudge(dead), 100).unref(),
        }),
      );
    }
    // Dead letters are rare and nudged in-process when they appear; poll them lazily.
    const deadPolling = Math.max(settings.pollingIntervalSeconds, DEAD_LETTER_POLLING_SECONDS);
    await startWorker(dead, deadPolling, (job) => workDeadLetter({ definition, job, hooks, log }));
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
