import { connectorForSlug } from "../channels/registry";
import { AppError } from "../errors/app-error";
import { rateLimiter } from "../runtime/ports";
import { ingestEvent, type IngestResult } from "./ingest-event";

export const MAX_WEBHOOK_BYTES = 1_000_000;

/**
 * POST /api/webhooks/[platform]: verify the signature on the raw body, normalise, store each
 * event once and queue it. Answers fast; the agents run in the background.
 */
export async function handleWebhook(slug: string, rawBody: string, headers: Headers): Promise<{ received: number; stored: number; duplicates: number }> {
  const connector = connectorForSlug(slug);
  if (!connector) throw new AppError("NOT_FOUND", `Unknown platform "${slug.slice(0, 40)}".`);
  if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "Webhook body is larger than 1 MB.");
  const events = await connector.parseWebhook(rawBody, headers);
  for (const event of events) {
    const limit = await rateLimiter().limit("webhook", `${event.platform}:${event.channelExternalId}`);
    if (!limit.success) throw new AppError("RATE_LIMITED", "Too many webhook events for this channel; retry later.");
  }
  const results: IngestResult[] = await Promise.all(events.map(ingestEvent));
  return {
    received: events.length,
    stored: results.filter((r) => r.status === "stored").length,
    duplicates: results.filter((r) => r.status === "duplicate").length,
  };
}
