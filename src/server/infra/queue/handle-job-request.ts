import { Receiver } from "@upstash/qstash";
import type { Logger } from "pino";

import type { JobRegistry } from "@/server/infra/queue/define-job";
import { jobEnvelopeSchema } from "@/server/infra/queue/job-envelope";
import { queueLogger } from "@/server/infra/queue/queue-logger";
import type { JobErrorInfo, QueueHooks } from "@/server/infra/queue/queue-port";
import { logFields, runJob, toErrorInfo } from "@/server/infra/queue/run-job";

/** The part of @upstash/qstash's Receiver this module uses (tests may pass their own). */
export interface SignatureVerifier {
  verify(request: { signature: string; body: string; url?: string; clockTolerance?: number }): Promise<boolean>;
}

export interface JobResponse {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface HandleJobRequestInput {
  registry: JobRegistry;
  /** The [job] route segment. */
  name: string;
  /** The body exactly as received: the signature covers its bytes. */
  rawBody: string;
  /** The Upstash-Signature header. */
  signature: string | null;
  /**
   * The URL QStash was asked to deliver to (appUrl + "/api/jobs/" + name), checked against
   * the token's `sub`. Use the configured public URL, not the request URL a proxy rewrote.
   */
  url: string;
  receiver: SignatureVerifier | Receiver;
  hooks: QueueHooks;
  /** Request headers, for Upstash-Retried and Upstash-Message-Id. */
  headers?: { get(name: string): string | null };
  log?: Logger;
  /** Allowed clock skew for the token's nbf/exp. */
  clockToleranceSeconds?: number;
}

/** Status QStash treats as "do not retry" when sent with Upstash-NonRetryable-Error: true. */
export const NON_RETRYABLE_STATUS = 489;
const NON_RETRYABLE_HEADERS = { "Upstash-NonRetryable-Error": "true" };

/**
 * The QStash side of a job, framework-agnostic (the Next.js route only adapts Request and
 * Response). Signature first, on the raw body: nothing is parsed or run before it passes.
 *
 * 401 bad/missing signature · 404 unknown job · 200 done · 489 + Upstash-NonRetryable-Error
 * for a permanent failure (malformed body, schema failure, PermanentJobError; recorded via
 * onPermanentFailure) · 500 for a transient failure, which QStash retries. On the last
 * delivery a transient failure also calls onDeadLetter.
 */
export async function handleJobRequest(input: HandleJobRequestInput): Promise<JobResponse> {
  const root = queueLogger(input.log).child({ queue: "qstash" });
  const log = root.child({ job: input.name });

  if (!input.signature) {
    log.warn("job request without Upstash-Signature rejected");
    return { status: 401, body: { error: "missing signature" } };
  }
  try {
    const valid = await input.receiver.verify({
      signature: input.signature,
      body: input.rawBody,
      url: input.url,
      clockTolerance: input.clockToleranceSeconds ?? 5,
    });
    if (!valid) throw new Error("signature rejected");
  } catch (err) {
    log.warn({ reason: toErrorInfo(err).message }, "job request with invalid signature rejected");
    return { status: 401, body: { error: "invalid signature" } };
  }

  const definition = input.registry.get(input.name);
  if (!definition) {
    log.error("signed job request for a job this deployment does not know");
    return { status: 404, body: { error: "unknown job" } };
  }

  const retried = Number.parseInt(input.headers?.get("upstash-retried") ?? "0", 10);
  const attempt = Number.isInteger(retried) && retried >= 0 ? retried + 1 : 1;
  const jobId = input.headers?.get("upstash-message-id") ?? "unknown";
  const base = { name: definition.name, jobId, attempts: attempt };

  const permanent = async (payload: unknown, error: JobErrorInfo): Promise<JobResponse> => {
    try {
      await input.hooks.onPermanentFailure({ ...base, payload, error });
    } catch (hookError) {
      log.error({ jobId, ...logFields(toErrorInfo(hookError)) }, "onPermanentFailure hook threw; letting QStash retry");
      return { status: 500, body: { error: "failure could not be recorded; retry" } };
    }
    return { status: NON_RETRYABLE_STATUS, body: { error: "permanent failure", reason: error.name }, headers: NON_RETRYABLE_HEADERS };
  };

  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    log.warn({ jobId }, "job body is not JSON; not retried");
    return permanent(input.rawBody, { name: "MalformedJobBody", message: "body is not valid JSON" });
  }
  const envelope = jobEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return permanent(json, { name: "InvalidJobEnvelope", message: "body is not a { payload } envelope" });
  }

  const { payload } = envelope.data;
  const maxRetries = envelope.data.maxRetries ?? definition.retry.limit;
  const outcome = await runJob({ definition, payload, jobId, attempt, log: root });

  if (outcome.status === "succeeded") return { status: 200, body: { ok: true } };
  if (outcome.status === "permanent-failure") return permanent(payload, outcome.error);

  if (attempt > maxRetries) {
    log.error({ jobId, attempt }, "job exhausted its retries; dead-lettering");
    try {
      await input.hooks.onDeadLetter({ ...base, payload, error: outcome.error });
    } catch (hookError) {
      // QStash keeps the message in its own DLQ; nothing will redeliver it here.
      log.error({ jobId, ...logFields(toErrorInfo(hookError)) }, "onDeadLetter hook threw");
    }
  }
  return { status: 500, body: { error: "job failed", attempt } };
}

/** The Receiver for production: both keys required, the SDK's dev mode never implied. */
export function createJobReceiver(keys: { currentSigningKey: string; nextSigningKey: string }): Receiver {
  if (!keys.currentSigningKey || !keys.nextSigningKey) {
    throw new Error("QStash receiver needs both currentSigningKey and nextSigningKey");
  }
  return new Receiver({ ...keys, devMode: false });
}
