import type { HandshakeResult } from "../channels/connector";
import { connectorForSlug } from "../channels/registry";
import { applyChannelUpdates } from "../channels/updates/apply-channel-updates";
import { AppError } from "../infra/errors/app-error";
import { BODY_LIMITS } from "../infra/http/body-limits";
import { recordBadSignature } from "../infra/http/throttle-webhook-source";
import { logger } from "../infra/logger";
import { rateLimiter } from "../infra/runtime/ports";
import { ingestEvent, type IngestResult } from "./ingest-event";
import { isRefusedData, sqlState } from "./refused-event";

/** Kept for callers that pass a body read elsewhere; the route enforces it while reading. */
export const MAX_WEBHOOK_BYTES = BODY_LIMITS.webhook;

export type WebhookAnswer = {
  received: number;
  stored: number;
  duplicates: number;
  /** Items skipped as malformed or refused by the database: present only when there were some. */
  skipped?: number;
};

/**
 * POST /api/webhooks/[platform]: verify the signature on the raw body, normalise, store each
 * event once and queue it, then apply the platform's updates to what we stored (edits,
 * deletions, echoes, receipts: src/server/channels/updates/). Answers fast; the agents run in
 * the background.
 *
 * One bad item never fails the delivery: the parser skips a malformed one, and an event the
 * database refuses (refused-event.ts) is skipped after the others were stored; both are counted
 * in the answer and logged with reasons that name fields or SQLSTATEs, never values. The answer
 * is then still 200, so the platform does not redeliver the good events forever. Only a
 * transient failure (database down) fails it, and the redelivery stores nothing twice.
 */
export async function handleWebhook(slug: string, rawBody: string, headers: Headers): Promise<WebhookAnswer> {
  const connector = connectorForSlug(slug);
  if (!connector) throw new AppError("NOT_FOUND", `Unknown platform "${slug.slice(0, 40)}".`);
  if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "Webhook body is larger than 1 MB.");
  if (!connector.webhook) throw new AppError("NOT_FOUND", `${connector.platform} takes no webhooks.`);
  if (!(await connector.webhook.verify(rawBody, headers))) {
    // A bad signature counts against the source's stricter failure policy (see the route).
    await recordBadSignature(slug, headers);
    throw new AppError("UNAUTHENTICATED", "Invalid webhook signature.");
  }
  const { events, updates, skipped } = connector.webhook.parse(rawBody);
  for (const event of events) {
    const limit = await rateLimiter().limit("webhook", `${event.platform}:${event.channelExternalId}`);
    if (!limit.success) {
      const retryAfterSeconds = Math.max(1, Math.ceil((limit.resetMs - Date.now()) / 1000));
      throw new AppError("RATE_LIMITED", "Too many webhook events for this channel; retry later.", { retryAfterSeconds });
    }
  }
  const settled = await Promise.allSettled(events.map(ingestEvent));
  const results: IngestResult[] = [];
  const refused: Array<{ index: number; reason: string }> = [];
  settled.forEach((outcome, index) => {
    if (outcome.status === "fulfilled") results.push(outcome.value);
    else if (isRefusedData(outcome.reason)) refused.push({ index, reason: `database refused the event (SQLSTATE ${sqlState(outcome.reason)})` });
    else throw outcome.reason;
  });
  const skippedAll = [...skipped, ...refused];
  if (skippedAll.length > 0) {
    logger.warn({ platform: connector.platform, skipped: skippedAll.length, stored: results.length, items: skippedAll.slice(0, 20) }, "webhook items skipped");
  }
  // Echoes, edits, deletions, receipts and deauthorisations, after the new messages: an edit in
  // the same delivery as its message finds it stored. A database failure throws (5xx, Meta
  // redelivers); every update is idempotent, and so is storing the events again.
  if (updates.length > 0) await applyChannelUpdates(updates);
  return {
    received: events.length,
    stored: results.filter((r) => r.status === "stored").length,
    duplicates: results.filter((r) => r.status === "duplicate").length,
    ...(skippedAll.length > 0 ? { skipped: skippedAll.length } : {}),
  };
}

/** GET /api/webhooks/[platform]: the platform's verification handshake (Meta's hub.challenge). */
export function webhookHandshake(slug: string, params: URLSearchParams): HandshakeResult {
  const handshake = connectorForSlug(slug)?.webhook?.handshake;
  return handshake ? handshake(params) : { ok: false, status: 404, reason: `No webhook verification for "${slug.slice(0, 40)}".` };
}
