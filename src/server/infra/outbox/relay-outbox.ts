import type { RealtimeEvent } from "@/shared/realtime-events";
import { dbPool } from "../db/client";
import { env } from "../env/load-env";
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
  if (delivered.length > 0) await acknowledge(delivered);
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

/**
 * How long relayed rows wait before they are deleted, where the process keeps running (the
 * local queue). Nobody needs the deletion soon, and the sweeper leaves rows younger than its
 * grace period (15 s) alone, so the acknowledgements of a quarter of a second of traffic share
 * one statement: at a moderate 50 messages/s one `outbox_ack` instead of one per relay. Rows of
 * a process that dies in between are re-published by the sweeper, deduplicated like any
 * repeat. Under QStash a request may be frozen once answered, so it deletes before answering.
 */
export const ACK_DELAY_MS = 250;

type AckBuffer = { acks: Ack[]; timer: ReturnType<typeof setTimeout> | undefined; flushing: Promise<void> };
const buffer = (): AckBuffer => {
  const g = globalThis as unknown as { leadlineOutboxAcks?: AckBuffer };
  return (g.leadlineOutboxAcks ??= { acks: [], timer: undefined, flushing: Promise.resolve() });
};

function acknowledge(rows: readonly OutboxRow[]): Promise<void> {
  const b = buffer();
  for (const row of rows) b.acks.push({ id: row.id, workspaceId: row.workspaceId });
  if (env().QSTASH_TOKEN) return flushOutboxAcks();
  if (b.timer !== undefined) return Promise.resolve();
  b.timer = setTimeout(() => void flushOutboxAcks(), ACK_DELAY_MS);
  b.timer.unref?.();
  return Promise.resolve();
}

/** Deletes every relayed row now (tests, shutdown); one `outbox_ack` (owner rights, id + workspace pairs) per 1,000 rows. */
export function flushOutboxAcks(): Promise<void> {
  const b = buffer();
  if (b.timer !== undefined) clearTimeout(b.timer);
  b.timer = undefined;
  const acks = b.acks.splice(0);
  b.flushing = b.flushing.then(async () => {
    for (let i = 0; i < acks.length; i += 1000) {
      const page = acks.slice(i, i + 1000);
      await dbPool()
        .query("SELECT outbox_ack($1::text[], $2::text[])", [page.map((a) => a.id), page.map((a) => a.workspaceId)])
        .catch((error: unknown) => log.warn({ rows: page.length, errorName: errorName(error) }, "outbox rows published but not deleted; the sweeper re-publishes them (deduplicated)"));
    }
  });
  return b.flushing;
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : "Error");
