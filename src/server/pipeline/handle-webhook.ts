import { connectorForSlug } from "../channels/registry";
import { AppError } from "../errors/app-error";
import { BODY_LIMITS } from "../http/body-limits";
import { recordBadSignature } from "../http/throttle-webhook-source";
import { rateLimiter } from "../runtime/ports";
import { ingestEvent, type IngestResult } from "./ingest-event";

/** Kept for callers that pass a body read elsewhere; the route enforces it while reading. */
export const MAX_WEBHOOK_BYTES = BODY_LIMITS.webhook;

/**
 * POST /api/webhooks/[platform]: verify the signature on the raw body, normalise, store each
 * event once and queue it. Answers fast; the agents run in the background.
 */
export async function handleWebhook(slug: string, rawBody: string, headers: Headers): Promise<{ received: number; stored: number; duplicates: number }> {
  const connector = connectorForSlug(slug);
  if (!connector) throw new AppError("NOT_FOUND", `Unknown platform "${slug.slice(0, 40)}".`);
  if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "Webhook body is larger than 1 MB.");
  const events = await connector.parseWebhook(rawBody, headers).catch(async (error: unknown) => {
    // A bad signature counts against the source's stricter failure policy (see the route).
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") await recordBadSignature(slug, headers);
    throw error;
  });
  for (const event of events) {
    const limit = await rateLimiter().limit("webhook", `${event.platform}:${event.channelExternalId}`);
    if (!limit.success) {
      const retryAfterSeconds = Math.max(1, Math.ceil((limit.resetMs - Date.now()) / 1000));
      throw new AppError("RATE_LIMITED", "Too many webhook events for this channel; retry later.", { retryAfterSeconds });
    }
  }
  const results: IngestResult[] = await Promise.all(events.map(ingestEvent));
  return {
    received: events.length,
    stored: results.filter((r) => r.status === "stored").length,
    duplicates: results.filter((r) => r.status === "duplicate").length,
  };
}
