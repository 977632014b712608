import { db } from "../infra/db/client";
import type { RawSql } from "../infra/db/sql";
import type { JobHandlerContext } from "../infra/jobs/catalog";
import { logger } from "../infra/logger";
import { handlerPublisher } from "../infra/outbox/publishers";
import { withTenantOutbox } from "../infra/outbox/with-outbox";
import { DRAFT_WAIT_MINUTES } from "./notification-kinds";

/** Drafts older than this are not announced any more (a backlog from before the feature, or long forgotten). */
const LOOKBACK_MS = 3 * 86_400_000;

/**
 * One workspace's DRAFTS_WAITING notifications, in the caller's tenant transaction: for each admin
 * and agent (never viewers) who did not mute the kind, the AI drafts they can see (agents: their
 * conversations and unassigned ones) that have waited at least DRAFT_WAIT_MINUTES and arrived after
 * the newest draft their previous such notification counted. Batched: one notification per member
 * per run, with the count; keyed by the newest draft it counts, so a rerun adds nothing.
 */
export async function notifyWaitingDrafts(tx: RawSql, workspaceId: string, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - DRAFT_WAIT_MINUTES * 60_000);
  const floor = new Date(now.getTime() - LOOKBACK_MS);
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    WITH waiting AS (
      SELECT r.id, r."createdAt", c.id AS conversation_id, c."assigneeId"
      FROM replies r JOIN conversations c ON c.id = r."conversationId" AND c."workspaceId" = ${workspaceId}
      WHERE r."workspaceId" = ${workspaceId} AND r.status = 'DRAFT' AND r.source = 'AI'
        AND r."createdAt" <= ${cutoff}::timestamp(3) AND r."createdAt" > ${floor}::timestamp(3)
    ),
    announced AS (
      SELECT n."userId", max((n.data->>'newest')::timestamp(3)) AS newest
      FROM notifications n WHERE n."workspaceId" = ${workspaceId} AND n.kind = 'DRAFTS_WAITING' AND n."createdAt" > ${floor}::timestamp(3)
      GROUP BY n."userId"
    ),
    due AS (
      SELECT m."userId", count(*)::int AS drafts, count(DISTINCT w.conversation_id)::int AS conversations,
             min(w.conversation_id) AS some_conversation, max(w."createdAt") AS newest
      FROM memberships m
      LEFT JOIN notification_preferences p ON p."workspaceId" = ${workspaceId} AND p."userId" = m."userId"
      JOIN waiting w ON m.role = 'ADMIN' OR (m.role = 'AGENT' AND (w."assigneeId" IS NULL OR w."assigneeId" = m."userId"))
      LEFT JOIN announced a ON a."userId" = m."userId"
      WHERE m."workspaceId" = ${workspaceId} AND m.role IN ('ADMIN', 'AGENT')
        AND NOT ('DRAFTS_WAITING' = ANY(COALESCE(p."mutedKinds", ARRAY[]::"NotificationKind"[])))
        AND (a.newest IS NULL OR w."createdAt" > a.newest)
      GROUP BY m."userId"
    )
    INSERT INTO notifications (id, "workspaceId", "userId", kind, "dedupKey", "conversationId", data, "createdAt")
    SELECT gen_random_uuid()::text, ${workspaceId}, d."userId", 'DRAFTS_WAITING', 'drafts:' || to_char(d.newest, 'YYYY-MM-DD"T"HH24:MI:SS.MS'),
           CASE WHEN d.conversations = 1 THEN d.some_conversation END,
           jsonb_build_object('count', d.drafts, 'minutes', ${DRAFT_WAIT_MINUTES}::int, 'newest', to_char(d.newest, 'YYYY-MM-DD"T"HH24:MI:SS.MS')),
           ${now}::timestamp(3)
    FROM due d
    ON CONFLICT ("workspaceId", "userId", "dedupKey") DO NOTHING
    RETURNING id`;
  return rows.length;
}

export type WaitingDraftsReport = { workspaces: number; notified: number; failed: string[] };

/**
 * The `notify-waiting-drafts` job (every 5 minutes): every workspace in its own transaction, with
 * a `notification.created` realtime event when it wrote any. A failing workspace is logged (ids
 * and the error's name) and the others go on; the job then fails so the queue retries it, which
 * adds nothing where the first run succeeded.
 */
export async function notifyWaitingDraftsJob(context: JobHandlerContext, now = new Date()): Promise<WaitingDraftsReport> {
  const directory = await db().workspaceDirectory.findMany({ select: { workspaceId: true }, orderBy: { workspaceId: "asc" } });
  const report: WaitingDraftsReport = { workspaces: directory.length, notified: 0, failed: [] };
  for (const { workspaceId } of directory) {
    try {
      report.notified += await withTenantOutbox({ workspaceId }, handlerPublisher(context.publish), async (tx, outbox) => {
        const written = await notifyWaitingDrafts(tx, workspaceId, now);
        if (written > 0) outbox.event({ type: "notification.created", kind: "drafts_waiting" });
        return written;
      });
    } catch (error) {
      logger.error({ job: "notify-waiting-drafts", workspaceId, err: { type: error instanceof Error ? error.name : "unknown" } }, "waiting drafts not notified for a workspace; the others go on");
      report.failed.push(workspaceId);
    }
  }
  if (report.failed.length > 0) throw new Error(`notify-waiting-drafts failed for ${report.failed.length} workspace(s)`);
  return report;
}
