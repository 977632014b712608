import { jobCatalog, type AppJobCatalog, type AppJobName, type AppJobPayload } from "../jobs/catalog";
import { bindJobHandlers } from "../jobs/bind-handlers";
import { recordJobFailure } from "../jobs/record-job-failure";
import { env } from "../env/load-env";
import { logger } from "../logger";
import { createLocalQueue, type LocalQueue } from "../queue/local-queue";
import { recurringJobs, startLocalSchedules } from "../queue/schedules";
import { createQStashQueue } from "../queue/qstash-queue";
import type { PublishItem, PublishOptions, PublishResult, QueuePort } from "../queue/queue-port";

/**
 * The queue chosen from configuration: QStash when QSTASH_TOKEN (with its signing keys) is set,
 * otherwise the embedded pg-boss queue in this process. pg-boss keeps its own schema, so it
 * connects as the migration owner when MIGRATE_DATABASE_URL is set.
 *
 * Publishing is typed against the job catalog. QStash only publishes from here (its deliveries
 * run in the job route), so it gets the catalog; the embedded queue also runs the jobs in this
 * process, so this is its worker start-up and the one publishing module that binds handlers
 * (they publish follow-up jobs through `publishJobs`, handed to them in their context).
 */
const globalQueue = globalThis as unknown as { leadlineQueue?: QueuePort<AppJobCatalog>; leadlineQueueStarted?: Promise<void> };

const hooks = { onPermanentFailure: recordJobFailure, onDeadLetter: recordJobFailure };

export function queue(): QueuePort<AppJobCatalog> {
  if (!globalQueue.leadlineQueue) {
    const e = env();
    globalQueue.leadlineQueue = e.QSTASH_TOKEN
      ? createQStashQueue({ token: e.QSTASH_TOKEN, baseUrl: e.QSTASH_URL, appUrl: e.APP_URL, registry: jobCatalog })
      : createLocalQueue({
          connectionString: e.MIGRATE_DATABASE_URL ?? e.DATABASE_URL,
          schema: e.QUEUE_SCHEMA,
          registry: bindJobHandlers({ publish: publishJobs }),
          hooks,
          concurrency: e.QUEUE_CONCURRENCY,
          // This process wakes its workers when it publishes; polling only finds retries coming
          // due, so it can be slow (each idle poll is a query on the job table).
          pollingIntervalSeconds: 2,
          log: logger.child({ component: "queue" }),
        });
  }
  return globalQueue.leadlineQueue;
}

/** Starts workers and the recurring-job crons (local queue) once per process; QStash needs neither. */
export function startQueue(): Promise<void> {
  globalQueue.leadlineQueueStarted ??= (async () => {
    const q = queue();
    await q.start();
    if ("boss" in q && env().QUEUE_SCHEDULES) await startLocalSchedules((q as LocalQueue).boss, recurringJobs, { registry: jobCatalog });
  })();
  return globalQueue.leadlineQueueStarted;
}

export async function stopQueue(): Promise<void> {
  await globalQueue.leadlineQueue?.stop();
  globalQueue.leadlineQueue = undefined;
  globalQueue.leadlineQueueStarted = undefined;
}

export async function publishJob<N extends AppJobName>(name: N, payload: AppJobPayload<N>, opts?: PublishOptions): Promise<PublishResult> {
  await startQueue();
  // Typed at this function's signature; TypeScript cannot relate N to the registry's union here.
  const untyped = queue() as unknown as QueuePort;
  return untyped.publish(name, payload, opts);
}

/** Many jobs of one name in one round trip (one insert locally, one QStash batch call per 100). */
export async function publishJobs<N extends AppJobName>(
  name: N,
  items: ReadonlyArray<PublishItem<AppJobPayload<N>>>,
): Promise<PublishResult[]> {
  if (items.length === 0) return [];
  await startQueue();
  // Typed at this function's signature, as in publishJob.
  const untyped = queue() as unknown as QueuePort;
  return untyped.publishMany(name, items);
}
