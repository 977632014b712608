import { createGroupCommit, type ItemResult } from "../infra/batching/group-commit";
import type { InboundEvent } from "../channels/inbound-event";
import { resolveChannel } from "../channels/resolve-channel";
import { env } from "../infra/env/load-env";
import { logger } from "../infra/logger";
import { appPublisher } from "../infra/outbox/app-publisher";
import { withTenantSqlOutbox } from "../infra/outbox/with-outbox";
import { afterInboundStored } from "../inbox/after-inbound-stored";
import { isRefusedData } from "./refused-event";
import { storeInboundEvents, type RoutedEvent, type StoredEvent } from "./store-inbound-events";

export type IngestResult =
  | { status: "stored"; workspaceId: string; messageId: string }
  | { status: "duplicate"; workspaceId: string; messageId: string }
  | { status: "unknown-channel" };

/** Largest batch of webhook events written in one transaction. */
const MAX_BATCH = 200;
/**
 * While webhooks keep arriving (each within this of the previous one), a batch waits for more,
 * at most this long and at most a few recent arrival gaps (group-commit.ts): at a moderate
 * 50/s one transaction then carries several events instead of one each, a busy stream (where
 * flushes in flight form the batches) waits only a few ms, and a webhook after a quiet spell
 * none. Measured with `bench:pipeline` at 50/s (20 ms gaps): capped at 50 ms, batches of ~3 and
 * 2.7-3.0x the CPU per message of saturation; at 80 ms (four gaps) ~2x; at 100 ms (six gaps)
 * 1.3-1.4x, webhooks answered at p50 ~80 ms and the p95 arrival-to-sent 190-310 ms (it adds
 * to that figure one for one, so a longer bound would break its 250 ms target).
 */
const LINGER_MS = 100;

/**
 * Stores one inbound event exactly once (unique channel + platform message id) and queues it
 * for the agents. A redelivered event is a no-op, except that a message still waiting for its
 * job is re-queued (the job's dedup id keeps that from running twice). Events for a channel we
 * don't know are acknowledged and logged, never crash the webhook. Inbound messages are stored
 * whatever the channel's token state (a channel needing re-auth still receives).
 *
 * Concurrent webhook calls are group-committed: events arriving while a batch is being written
 * go together into the next one (one transaction per workspace, one bulk enqueue), so the
 * database work per message shrinks as load grows. Each caller waits until its event and its
 * `process-message` job are committed together (the job through the outbox): an acknowledged
 * event is never lost, even when the queue is down at that moment (the sweeper publishes it).
 * Where the process keeps running the webhook answers once committed, while the jobs are relayed.
 */
export function ingestEvent(event: InboundEvent): Promise<IngestResult> {
  const g = globalThis as unknown as { leadlineIngest?: (e: InboundEvent) => Promise<IngestResult> };
  g.leadlineIngest ??= createGroupCommit(ingestBatch, { maxBatch: MAX_BATCH, lingerMs: LINGER_MS });
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
  const storeGroup = async (workspaceId: string, group: Array<RoutedEvent & { index: number }>) => {
    try {
      const rows = await storeAndQueue(workspaceId, group);
      rows.forEach((row, i) => stored.push({ index: group[i]!.index, workspaceId, row }));
      return null;
    } catch (error) {
      return error;
    }
  };
  await Promise.all(
    [...byWorkspace].map(async ([workspaceId, group]) => {
      const error = await storeGroup(workspaceId, group);
      if (error === null) return;
      if (group.length > 1 && isRefusedData(error)) {
        // One event the database refuses must not sink the others (nor other webhooks' events
        // batched with it): each is stored on its own, and only the bad one fails.
        const alone = await Promise.all(group.map((item) => storeGroup(workspaceId, [item])));
        alone.forEach((e, i) => {
          if (e !== null) results[group[i]!.index] = { ok: false, error: e };
        });
        return;
      }
      for (const { index } of group) results[index] = { ok: false, error };
    }),
  );

  for (const s of stored) {
    results[s.index] = { ok: true, value: { status: s.row.created ? "stored" : "duplicate", workspaceId: s.workspaceId, messageId: s.row.messageId } };
  }
  return results;
}

/** One tenant transaction: the events stored, their `process-message` jobs and realtime events on the outbox. */
function storeAndQueue(workspaceId: string, group: RoutedEvent[]): Promise<StoredEvent[]> {
  return withTenantSqlOutbox({ workspaceId }, appPublisher(), async (tx, outbox) => {
    const stored = await storeInboundEvents(tx, workspaceId, group);
    // The inbox's search index and auto-assignment of new conversations (src/server/inbox/after-inbound-stored.ts).
    await afterInboundStored(tx, workspaceId, stored.map((row, i) => ({ ...row, text: group[i]!.event.text })));
    // Queue new messages, and re-queue redelivered ones whose job never ran (the dedup id
    // keeps a job that is still queued from running twice).
    for (const row of stored) {
      if (row.created || row.status === "RECEIVED") outbox.job("process-message", { workspaceId, messageId: row.messageId }, row.messageId);
      if (row.created) outbox.event({ type: "message.created", conversationId: row.conversationId, messageId: row.messageId });
    }
    return stored;
  }, { relayInBackground: !env().QSTASH_TOKEN });
}
