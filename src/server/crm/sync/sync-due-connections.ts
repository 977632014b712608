import { dbPool } from "../../infra/db/client";
import type { JobHandlerContext } from "../../infra/jobs/catalog";
import { logger } from "../../infra/logger";

/** Most connections published per fan-out; the rest are due at the next (oldest first). */
const MAX_PER_RUN = 1000;
/** The schedule's period: one job per connection per window. */
const WINDOW_MS = 5 * 60_000;

export type CrmFanOutReport = { due: number; published: number; deduplicated: number };

/**
 * The `crm-sync` job (every 5 minutes): every enabled connection not needing re-auth whose
 * `nextSyncAt` has come and whose lease is free (`crm_connections_due_for_sync`, across
 * workspaces, ids only) gets one `crm-sync-connection` job, deduplicated per connection and
 * window, so a slow run is never doubled by the next fan-out (and the lease settles any that meet).
 */
export async function syncDueConnections(jobs: JobHandlerContext, now = new Date()): Promise<CrmFanOutReport> {
  const { rows } = await dbPool().query<{ id: string; workspaceId: string }>(`SELECT id, "workspaceId" FROM crm_connections_due_for_sync($1::timestamp(3), $2::int)`, [
    now.toISOString(),
    MAX_PER_RUN,
  ]);
  if (rows.length === 0) return { due: 0, published: 0, deduplicated: 0 };
  const bucket = Math.floor(now.getTime() / WINDOW_MS);
  const results = await jobs.publish(
    "crm-sync-connection",
    rows.map((row) => ({ payload: { workspaceId: row.workspaceId, connectionId: row.id, trigger: "SCHEDULED" as const }, opts: { dedupId: `${row.id}.crm-sync.scheduled.${bucket}` } })),
  );
  const report = { due: rows.length, published: rows.length, deduplicated: results.filter((r) => r.deduplicated).length };
  logger.info({ component: "crm-sync", ...report }, "CRM sync fan-out");
  return report;
}
