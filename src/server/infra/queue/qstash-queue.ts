import { Client, QstashError } from "@upstash/qstash";
import type { Logger } from "pino";
import { z } from "zod";

import { checkPublish } from "@/server/infra/queue/check-publish";
import type { JobCatalog, JobContract } from "@/server/infra/queue/define-job";
import { deriveQStashDedupId } from "@/server/infra/queue/derive-dedup-id";
import type { JobEnvelope } from "@/server/infra/queue/job-envelope";
import { queueLogger } from "@/server/infra/queue/queue-logger";
import { QueuePublishError, type PublishOptions, type PublishResult, type QueuePort } from "@/server/infra/queue/queue-port";

/**
 * Production queue: publish = QStash `publishJSON` to `<appUrl>/api/jobs/<name>` (publishMany:
 * `batchJSON`, up to 100 messages per HTTP call, each the same request `publish` makes); QStash
 * pushes each message back to that route, where `handleJobRequest` verifies and runs it.
 * start/stop do nothing (there is no worker in this process).
 */
const configSchema = z.object({
  token: z.string().min(1),
  /** QSTASH_URL, e.g. https://qstash.upstash.io */
  baseUrl: z.url(),
  /** Public origin of this app, where /api/jobs/[job] is reachable by QStash. */
  appUrl: z.url(),
  /** Cap on Upstash-Retries for every job (your plan's maximum); a job asks for min(its limit, cap). */
  retries: z.number().int().min(0).max(20).optional(),
  /** Whole publish call, client retries included. */
  publishTimeoutMs: z.number().int().positive().default(5_000),
  /** Retries of the HTTP call to QStash itself on network errors (not message retries). */
  clientRetries: z.number().int().min(0).max(5).default(2),
});

export type QStashQueueConfig<R extends JobCatalog> = z.input<typeof configSchema> & {
  registry: R;
  log?: Logger;
};

export function jobUrl(appUrl: string, name: string): string {
  return `${appUrl.replace(/\/+$/, "")}/api/jobs/${name}`;
}

/** Number of QStash retries a job asks for: its own policy, capped by the plan. */
export function qstashRetriesFor(definition: JobContract, cap: number | undefined): number {
  return cap === undefined ? definition.retry.limit : Math.min(definition.retry.limit, cap);
}

/** QStash's Upstash-Retry-Delay expression (ms) mirroring the pg-boss exponential backoff. */
export function qstashRetryDelayFor(definition: JobContract): string {
  return `pow(2, retried) * ${definition.retry.backoffSeconds * 1000}`;
}

export function createQStashClient(input: {
  token: string;
  baseUrl: string;
  clientRetries: number;
  /** Checked before each SDK-level retry; true ends the retry loop (used after a timeout). */
  stopRetrying?: () => boolean;
}): Client {
  return new Client({
    token: input.token,
    baseUrl: input.baseUrl,
    // Explicit: never switch to the SDK's dev server because of a QSTASH_DEV variable.
    devMode: false,
    enableTelemetry: false,
    retry: {
      retries: input.clientRetries,
      backoff: (attempt) => {
        if (input.stopRetrying?.()) throw new Error("publish deadline passed; not retrying");
        return 100 * 2 ** attempt;
      },
    },
  });
}

/** Most messages QStash takes in one /v2/batch call. */
export const QSTASH_BATCH_LIMIT = 100;

/** QStash answers a batch with one entry per message; a message it refused has an error instead. */
const batchResponseSchema = z.array(
  z.union([
    z.object({ messageId: z.string().min(1), deduplicated: z.boolean().optional() }),
    z.object({ error: z.string() }),
  ]),
);

export function createQStashQueue<R extends JobCatalog>(config: QStashQueueConfig<R>): QueuePort<R> {
  const settings = configSchema.parse(config);
  const { registry } = config;
  const log = queueLogger(config.log).child({ queue: "qstash" });

  /** The publish request for one job: same URL, retries, backoff, dedup id and delay everywhere. */
  const messageFor = (definition: JobContract, payload: unknown, opts: PublishOptions | undefined) => {
    const name = definition.name;
    const retries = qstashRetriesFor(definition, settings.retries);
    const body: JobEnvelope = { payload, maxRetries: retries };
    return {
      url: jobUrl(settings.appUrl, name),
      body,
      retries,
      retryDelay: qstashRetryDelayFor(definition),
      ...(opts?.dedupId === undefined ? {} : { deduplicationId: deriveQStashDedupId(name, opts.dedupId) }),
      ...(opts?.delaySeconds ? { delay: Math.ceil(opts.delaySeconds) } : {}),
    };
  };

  /** One HTTP call to QStash under the publish deadline; every failure becomes a QueuePublishError. */
  const call = async <T>(name: string, what: string, request: (client: Client) => Promise<T>): Promise<T> => {
    // A client per call (a plain object, no I/O) so a timed-out call stops its SDK retries.
    let settled = false;
    const client = createQStashClient({ ...settings, stopRetrying: () => settled });
    try {
      return await withTimeout(request(client), settings.publishTimeoutMs, () =>
        new QueuePublishError(name, `${what} timed out after ${settings.publishTimeoutMs} ms (${settings.baseUrl})`),
      );
    } catch (err) {
      if (err instanceof QueuePublishError) throw err;
      throw new QueuePublishError(name, `${what} failed: ${describePublishError(err)}`, { cause: err });
    } finally {
      settled = true;
    }
  };

  return {
    async start() {},
    async stop() {},

    async publish(name, payload, opts) {
      const definition = checkPublish(registry, name, payload, opts?.delaySeconds);
      const message = messageFor(definition, payload, opts);
      const result = await call(name, `QStash publish of job "${name}"`, (client) => client.publishJSON(message));
      log.debug({ job: name, messageId: result.messageId, deduplicated: result.deduplicated === true }, "published");
      return { id: result.messageId, deduplicated: result.deduplicated === true };
    },

    async publishMany(name, items) {
      // Every payload is checked before anything is sent.
      const messages = items.map(({ payload, opts }) =>
        messageFor(checkPublish(registry, name, payload, opts?.delaySeconds), payload, opts),
      );
      if (messages.length === 0) return [];
      const results: PublishResult[] = [];
      for (let start = 0; start < messages.length; start += QSTASH_BATCH_LIMIT) {
        const chunk = messages.slice(start, start + QSTASH_BATCH_LIMIT);
        const what = `QStash batch publish of ${chunk.length} "${name}" jobs`;
        const response = await call(name, what, (client) => client.batchJSON(chunk));
        results.push(...readBatchResponse(name, what, response, chunk.length, start));
      }
      log.debug(
        { job: name, published: results.length, deduplicated: results.filter((r) => r.deduplicated).length },
        "published batch",
      );
      return results;
    },
  };
}

/** Results of one batch call, in message order; throws when QStash refused any message. */
function readBatchResponse(name: string, what: string, response: unknown, count: number, offset: number): PublishResult[] {
  const parsed = batchResponseSchema.safeParse(response);
  if (!parsed.success || parsed.data.length !== count) {
    throw new QueuePublishError(name, `${what} failed: QStash answered with something other than ${count} results`);
  }
  const refused = parsed.data.flatMap((entry, index) => ("error" in entry ? [{ index, error: entry.error }] : []));
  const first = refused[0];
  if (first) {
    const earlier = offset > 0 ? `, as were the ${offset} messages sent before this call` : "";
    throw new QueuePublishError(
      name,
      `${what}: QStash refused ${refused.length} (first, item ${offset + first.index}: ${first.error.slice(0, 200)}); ` +
        `the other ${count - refused.length} were enqueued${earlier}`,
    );
  }
  return parsed.data.map((entry) =>
    "messageId" in entry ? { id: entry.messageId, deduplicated: entry.deduplicated === true } : { id: null, deduplicated: false },
  );
}

/**
 * The QStash SDK takes no AbortSignal, so the deadline is enforced around it. A timed-out
 * request may still reach QStash afterwards; publish with a dedupId when that matters.
 */
async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function describePublishError(err: unknown): string {
  if (err instanceof QstashError) {
    return `HTTP ${err.status ?? "?"}: ${err.message.slice(0, 300)}`;
  }
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${(err.cause as Error & { code?: string }).code ?? err.cause.message})` : "";
    return `${err.message}${cause}`;
  }
  return String(err);
}
