import type { RealtimeEvent } from "@/shared/realtime-events";
import { createGroupCommit } from "../batching/group-commit";
import { dbPool } from "../db/client";
import type { AppJobName, AppJobPayload, PublishJobs } from "../jobs/catalog";
import { logger } from "../logger";
import type { OutboxRow } from "./outbox-entry";

/** Where relayed entries go: the queue for jobs, the realtime bus for events. */
export interface OutboxPublisher {
  publishJobs: PublishJobs;
  publishEvent(workspaceId: string, event: RealtimeEvent): Promise<void>;
}

const log = logger.child({ component: "outbox" });

/**
 * Publishes outbox rows and deletes the ones that went out. Never throws: a row whose publish
 * failed stays in the table for the sweeper (`sweep-outbox`), and a repeat publish is harmless
 * (jobs carry dedup ids and are idempotent; events only make clients refetch).
 */
export async function relayOutbox(rows: readonly OutboxRow[], publisher: OutboxPublisher): Promise<{ relayed: number; failed: number }> {
  if (rows.length === 0) return { relayed: 0, failed: 0 };
  const delivered = await publishRows(rows, publisher);
  if (delivered.length > 0) {
    await acknowledge(delivered).catch((error: unknown) => log.warn({ rows: delivered.length, errorName: errorName(error) }, "outbox rows published but not deleted; the sweeper re-publishes them (deduplicated)"));
  }
  return { relayed: delivered.length, failed: rows.length - delivered.length };
}

/** Publishes each row once; returns those that were handed over. */
export async function publishRows(rows: readonly OutboxRow[], publisher: OutboxPublisher): Promise<OutboxRow[]> {
  const delivered: OutboxRow[] = [];
  const jobs = new Map<AppJobName, OutboxRow[]>();
  for (const row of rows) if (row.kind === "job") jobs.set(row.name, [...(jobs.get(row.name) ?? []), row]);
  await Promise.all([
    ...[...jobs].map(async ([name, group]) => {
      try {
        const items = group.map((row) => ({ payload: row.payload as AppJobPayload<typeof name>, opts: row.dedupId ? { dedupId: row.dedupId } : undefined }));
        await publisher.publishJobs(name, items);
        delivered.push(...group);
      } catch (error) {
        log.warn({ job: name, rows: group.length, errorName: errorName(error) }, "outbox jobs not published; kept for the sweeper");
      }
    }),
    ...rows.map(async (row) => {
      if (row.kind !== "event") return;
      try {
        await publisher.publishEvent(row.workspaceId, row.payload);
        delivered.push(row);
      } catch (error) {
        log.warn({ event: row.name, errorName: errorName(error) }, "outbox event not published; kept for the sweeper");
      }
    }),
  ]);
  return delivered;
}

type Ack = { id: string; workspaceId: string };

/** Deletes relayed rows; concurrent relays share one statement (`outbox_ack`, owner rights, id + workspace pairs). */
function acknowledge(rows: readonly OutboxRow[]): Promise<unknown> {
  const g = globalThis as unknown as { leadlineOutboxAck?: (row: Ack) => Promise<true> };
  g.leadlineOutboxAck ??= createGroupCommit(
    async (acks: Ack[]) => {
      await dbPool().query("SELECT outbox_ack($1::text[], $2::text[])", [acks.map((a) => a.id), acks.map((a) => a.workspaceId)]);
      return acks.map(() => ({ ok: true as const, value: true as const }));
    },
    { maxBatch: 1000 },
  );
  const ack = g.leadlineOutboxAck;
  return Promise.all(rows.map((row) => ack({ id: row.id, workspaceId: row.workspaceId })));
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : "Error");
