import { dbPool } from "../infra/db/client";
import type { JobHandlerContext } from "../infra/jobs/catalog";
import { logger } from "../infra/logger";
import { claimDueOutboxRows } from "../infra/outbox/claim-due-rows";
import { handlerPublisher } from "../infra/outbox/publishers";
import { relayOutbox } from "../infra/outbox/relay-outbox";
import { withTenantSqlOutbox } from "../infra/outbox/with-outbox";
import { settleExpiredSends, type SettledSends } from "./settle-expired-sends";

/** How long the relay has before the sweeper takes a row over. */
const RELAY_GRACE_MS = 15_000;
/** Realtime events older than this only make clients refetch something long since shown: dropped. */
const STALE_EVENT_MS = 5 * 60_000;
/** A message still RECEIVED this long after arrival has no job that will run it. */
const RECEIVED_CUTOFF_MS = 5 * 60_000;
/** A QUEUED reply untouched this long has no job (send retries touch it each attempt). */
const QUEUED_CUTOFF_MS = 5 * 60_000;
/** The send lease (send-reply.ts reclaims an undispatched SENDING reply after 2 minutes), plus a margin. */
const SENDING_CUTOFF_MS = 3 * 60_000;
/** Re-publishes of one stranded item are deduplicated within this window. */
const REPUBLISH_BUCKET_MS = 15 * 60_000;
const PAGE = 500;
const MAX_PAGES = 10;

export type SweepReport = {
  relayed: number; failed: number; droppedEvents: number;
  republished: { "process-message": number; "send-reply": number };
  /** Replies whose lease ran out mid-send, by how they were settled (settle-expired-sends.ts); `failedWorkspaces` will be retried next sweep. */
  expiredSends: SettledSends & { failedWorkspaces: number };
};

/**
 * The `sweep-outbox` job (every minute; docs/architecture.md#side-effects-after-commit):
 * 1. publishes outbox rows the relay did not get out (jobs keep their dedup ids, so a row that
 *    was in fact published is not run twice);
 * 2. re-publishes work that no job will pick up: inbound messages still RECEIVED, replies still
 *    QUEUED, and replies whose SENDING lease ran out before their platform call started. Their
 *    jobs are idempotent (a processed message is skipped; a reply is claimed atomically), and
 *    each item is re-published at most once per REPUBLISH_BUCKET_MS;
 * 3. settles replies whose lease ran out after their platform call started, which may have been
 *    posted: never re-sent blindly (settle-expired-sends.ts: SENT on an echo, QUEUED where the
 *    platform deduplicates our send key, else DELIVERY_UNKNOWN for a person). So no reply stays
 *    SENDING: every SENDING row is either re-published or settled once its lease runs out.
 */
export async function sweepOutbox(jobs: JobHandlerContext, now = new Date()): Promise<SweepReport> {
  const publisher = handlerPublisher(jobs.publish);
  const report: SweepReport = {
    relayed: 0, failed: 0, droppedEvents: 0, republished: { "process-message": 0, "send-reply": 0 },
    expiredSends: { sent: 0, requeued: 0, unknown: 0, failedWorkspaces: 0 },
  };

  for (let page = 0; page < MAX_PAGES; page += 1) {
    const due = await claimDueOutboxRows(now, { minAgeMs: RELAY_GRACE_MS, limit: PAGE });
    const stale = due.filter((row) => row.kind === "event" && now.getTime() - row.createdAt.getTime() > STALE_EVENT_MS);
    if (stale.length > 0) {
      await dbPool().query("SELECT outbox_ack($1::text[], $2::text[])", [stale.map((r) => r.id), stale.map((r) => r.workspaceId)]);
      report.droppedEvents += stale.length;
    }
    const outcome = await relayOutbox(due.filter((row) => !stale.includes(row)), publisher);
    report.relayed += outcome.relayed;
    report.failed += outcome.failed;
    if (due.length < PAGE) break;
  }

  const { rows: stranded } = await dbPool().query<{ job: "process-message" | "send-reply" | "reply-lease-expired"; workspaceId: string; id: string }>(
    `SELECT job, "workspaceId", id FROM outbox_stranded_work($1::timestamp(3), $2::timestamp(3), $3::timestamp(3), $4::int)`,
    [ago(now, RECEIVED_CUTOFF_MS), ago(now, QUEUED_CUTOFF_MS), ago(now, SENDING_CUTOFF_MS), PAGE],
  );
  const bucket = Math.floor(now.getTime() / REPUBLISH_BUCKET_MS);
  const dedupId = (id: string) => `${id}.sweep.${bucket}`;
  const messages = stranded.filter((s) => s.job === "process-message");
  const replies = stranded.filter((s) => s.job === "send-reply");
  if (messages.length > 0) {
    await jobs.publish("process-message", messages.map((s) => ({ payload: { workspaceId: s.workspaceId, messageId: s.id }, opts: { dedupId: dedupId(s.id) } })));
    report.republished["process-message"] = messages.length;
  }
  if (replies.length > 0) {
    await jobs.publish("send-reply", replies.map((s) => ({ payload: { workspaceId: s.workspaceId, replyId: s.id }, opts: { dedupId: dedupId(s.id) } })));
    report.republished["send-reply"] = replies.length;
  }
  await settleExpired(stranded.filter((s) => s.job === "reply-lease-expired"), ago(now, SENDING_CUTOFF_MS), publisher, report);
  if (report.relayed + report.failed + report.droppedEvents + stranded.length > 0) logger.info({ component: "outbox", ...report }, "outbox swept");
  return report;
}

/** Per workspace, in its own transaction: one workspace that fails is logged and retried next sweep, the others go on. */
async function settleExpired(rows: ReadonlyArray<{ workspaceId: string; id: string }>, expiredBefore: string, publisher: ReturnType<typeof handlerPublisher>, report: SweepReport): Promise<void> {
  const byWorkspace = new Map<string, Array<{ id: string }>>();
  for (const r of rows) byWorkspace.set(r.workspaceId, [...(byWorkspace.get(r.workspaceId) ?? []), r]);
  for (const [workspaceId, items] of byWorkspace) {
    try {
      const settled = await withTenantSqlOutbox({ workspaceId }, publisher, (tx, outbox) => settleExpiredSends(tx, outbox, workspaceId, items.map((i) => i.id), new Date(expiredBefore)));
      report.expiredSends.sent += settled.sent;
      report.expiredSends.requeued += settled.requeued;
      report.expiredSends.unknown += settled.unknown;
    } catch (error) {
      report.expiredSends.failedWorkspaces += 1;
      logger.warn({ component: "outbox", workspaceId, replies: items.length, errorName: error instanceof Error ? error.name : "Error" }, "could not settle expired sends; retried next sweep");
    }
  }
}

const ago = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();
