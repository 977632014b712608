import { createGroupCommit, type ItemResult } from "../batching/group-commit";
import type { InboundEvent } from "../channels/inbound-event";
import { resolveChannel } from "../channels/resolve-channel";
import { withTenantSql } from "../db/sql";
import { logger } from "../logger";
import { realtime } from "../runtime/ports";
import { publishJobs } from "../runtime/queue";
import { storeInboundEvents, type RoutedEvent, type StoredEvent } from "./store-inbound-events";

export type IngestResult =
  | { status: "stored"; workspaceId: string; messageId: string }
  | { status: "duplicate"; workspaceId: string; messageId: string }
  | { status: "unknown-channel" };

/** Largest batch of webhook events written in one transaction. */
const MAX_BATCH = 200;

/**
 * Stores one inbound event exactly once (unique channel + platform message id) and queues it
 * for the agents. A redelivered event is a no-op, except that a message still waiting for its
 * job is re-queued (the job's dedup id keeps that from running twice). Events for a channel we
 * don't know are acknowledged and logged, never crash the webhook. Inbound messages are stored
 * whatever the channel's token state (a channel needing re-auth still receives).
 *
 * Concurrent webhook calls are group-committed: events arriving while a batch is being written
 * go together into the next one (one transaction per workspace, one bulk enqueue), so the
 * database work per message shrinks as load grows. Each caller still waits for its own event
 * to be durable and queued before it answers the platform.
 */
export function ingestEvent(event: InboundEvent): Promise<IngestResult> {
  const g = globalThis as unknown as { leadlineIngest?: (e: InboundEvent) => Promise<IngestResult> };
  g.leadlineIngest ??= createGroupCommit(ingestBatch, { maxBatch: MAX_BATCH });
  return g.leadlineIngest(event);
}

async function ingestBatch(events: InboundEvent[]): Promise<ItemResult<IngestResult>[]> {
  const results: ItemResult<IngestResult>[] = new Array(events.length);
  const byWorkspace = new Map<string, Array<RoutedEvent & { index: number }>>();
  const channels = await Promise.all(
    events.map((event) => resolveChannel(event.platform, event.channelExternalId).then((channel) => ({ channel }), (error: unknown) => ({ error }))),
  );
  // Grouped in arrival order, so a sender's later event is the later one in its batch.
  events.forEach((event, index) => {
    const found = channels[index]!;
    if ("error" in found) {
      results[index] = { ok: false, error: found.error };
    } else if (!found.channel) {
      logger.warn({ platform: event.platform }, "webhook event for an unknown channel acknowledged");
      results[index] = { ok: true, value: { status: "unknown-channel" } };
    } else {
      const group = byWorkspace.get(found.channel.workspaceId) ?? [];
      group.push({ event, channelId: found.channel.channelId, index });
      byWorkspace.set(found.channel.workspaceId, group);
    }
  });

  const stored: Array<{ index: number; workspaceId: string; row: StoredEvent }> = [];
  await Promise.all(
    [...byWorkspace].map(async ([workspaceId, group]) => {
      try {
        const rows = await withTenantSql({ workspaceId }, (tx) => storeInboundEvents(tx, workspaceId, group));
        rows.forEach((row, i) => stored.push({ index: group[i]!.index, workspaceId, row }));
      } catch (error) {
        for (const { index } of group) results[index] = { ok: false, error };
      }
    }),
  );

  // Queue new messages, and re-queue redelivered ones whose job never started.
  const toQueue = stored.filter((s) => s.row.created || s.row.status === "RECEIVED");
  try {
    await publishJobs("process-message", toQueue.map((s) => ({ payload: { workspaceId: s.workspaceId, messageId: s.row.messageId }, opts: { dedupId: s.row.messageId } })));
  } catch (error) {
    // Stored but not queued: the webhook fails so the platform redelivers, which re-queues.
    for (const s of toQueue) results[s.index] = { ok: false, error };
  }
  for (const s of stored) {
    if (results[s.index]) continue;
    results[s.index] = { ok: true, value: { status: s.row.created ? "stored" : "duplicate", workspaceId: s.workspaceId, messageId: s.row.messageId } };
    if (s.row.created) {
      void realtime()
        .publish(s.workspaceId, { type: "message.created", conversationId: s.row.conversationId, messageId: s.row.messageId })
        .catch((err: unknown) => logger.warn({ workspaceId: s.workspaceId, err: { message: String(err) } }, "realtime publish failed"));
    }
  }
  return results;
}
