import { Redis } from "@upstash/redis";
import { z } from "zod";

/**
 * The one way Leadline builds an @upstash/redis client (cache, rate limit and realtime share
 * it): every request has a deadline, at most one quick retry, no telemetry headers.
 */
export const upstashConnectionSchema = z.object({
  url: z.url(),
  token: z.string().min(1),
  /** Deadline for one REST call, retries included. */
  timeoutMs: z.number().int().positive().optional(),
});
export type UpstashConnection = z.infer<typeof upstashConnectionSchema>;

export const DEFAULT_UPSTASH_TIMEOUT_MS = 1_000;

export function createUpstashRedis(
  connection: UpstashConnection,
  options: { automaticDeserialization?: boolean } = {},
): Redis {
  const timeoutMs = connection.timeoutMs ?? DEFAULT_UPSTASH_TIMEOUT_MS;
  return new Redis({
    url: connection.url,
    token: connection.token,
    // Off by default: values come back as the strings Redis holds and callers validate them.
    automaticDeserialization: options.automaticDeserialization ?? false,
    enableTelemetry: false,
    retry: { retries: 1, backoff: () => 50 },
    // A function, so each request gets a fresh deadline (a plain signal would be shared, and
    // the client turns an aborted plain signal into a fake successful result).
    signal: () => AbortSignal.timeout(timeoutMs),
  });
}

/**
 * A loggable description of an Upstash failure. The client appends ", command was: [...]" to
 * HTTP errors, which can carry cached content or identifiers, so that part is cut off.
 */
export function describeUpstashError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cut = error.message.indexOf(", command was:");
  const message = `${error.name}: ${cut === -1 ? error.message : error.message.slice(0, cut)}`;
  // fetch reports network failures as "fetch failed" with the reason (ECONNREFUSED, ...) in `cause`.
  return error.cause instanceof Error ? `${message} (${error.cause.message})` : message;
}
