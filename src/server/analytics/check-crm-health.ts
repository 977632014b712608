import type { RawSql } from "../infra/db/sql";
import type { SqlRange } from "./analytics-input";

export type CrmHealth = {
  connections: Array<{
    id: string;
    provider: string;
    status: string;
    enabled: boolean;
    lastSyncAt: Date | null;
    lastRun: { status: string; startedAt: Date; finishedAt: Date | null; succeeded: number; failed: number } | null;
    /** Sync runs started in the range. */
    runs: number;
    failedRuns: number;
    /** Leads written to the CRM and record failures over those runs. */
    leadsSynced: number;
    recordFailures: number;
    /** Where the workspace's leads stand in this CRM now. */
    links: { synced: number; pending: number; failed: number; dead: number };
  }>;
};

type Row = Omit<CrmHealth["connections"][number], "lastRun" | "links"> & {
  lastStatus: string | null; lastStartedAt: Date | null; lastFinishedAt: Date | null; lastSucceeded: number | null; lastFailed: number | null;
  synced: number; pending: number; failed: number; dead: number;
};

/**
 * CRM sync health per connection: its last run, the runs started in the range (count, failed
 * runs, leads synced, record failures) and its leads' link states now. Ids, states and counts
 * only; a connection's error text stays on the CRM settings page. Empty when no CRM is connected.
 */
export async function checkCrmHealth(tx: RawSql, r: SqlRange): Promise<CrmHealth> {
  const rows = await tx.$queryRaw<Row[]>`
    SELECT c.id, c.provider::text AS provider, c.status::text AS status, c.enabled, c."lastSyncAt",
           last.status AS "lastStatus", last."startedAt" AS "lastStartedAt", last."finishedAt" AS "lastFinishedAt",
           last.succeeded AS "lastSucceeded", last.failed AS "lastFailed",
           runs.runs, runs."failedRuns", runs."leadsSynced", runs."recordFailures",
           links.synced, links.pending, links.failed, links.dead
      FROM crm_connections c
      LEFT JOIN LATERAL (
        SELECT s.status::text AS status, s."startedAt", s."finishedAt", s.succeeded, s.failed FROM crm_sync_runs s
         WHERE s."workspaceId" = ${r.workspaceId} AND s."connectionId" = c.id ORDER BY s."startedAt" DESC LIMIT 1) last ON true
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS runs, count(*) FILTER (WHERE s.status = 'FAILED')::int AS "failedRuns",
               COALESCE(sum(s.succeeded), 0)::int AS "leadsSynced", COALESCE(sum(s.failed), 0)::int AS "recordFailures"
          FROM crm_sync_runs s
         WHERE s."workspaceId" = ${r.workspaceId} AND s."connectionId" = c.id
           AND s."startedAt" >= ${r.from}::timestamp(3) AND s."startedAt" < ${r.to}::timestamp(3)) runs
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE k.state = 'SYNCED')::int AS synced, count(*) FILTER (WHERE k.state = 'PENDING')::int AS pending,
               count(*) FILTER (WHERE k.state = 'FAILED')::int AS failed, count(*) FILTER (WHERE k.state = 'DEAD')::int AS dead
          FROM crm_lead_links k WHERE k."workspaceId" = ${r.workspaceId} AND k."connectionId" = c.id) links
     WHERE c."workspaceId" = ${r.workspaceId}
     ORDER BY c."createdAt", c.id`;
  return {
    connections: rows.map((row) => ({
      id: row.id, provider: row.provider, status: row.status, enabled: row.enabled, lastSyncAt: row.lastSyncAt,
      lastRun: row.lastStatus && row.lastStartedAt
        ? { status: row.lastStatus, startedAt: row.lastStartedAt, finishedAt: row.lastFinishedAt, succeeded: row.lastSucceeded ?? 0, failed: row.lastFailed ?? 0 }
        : null,
      runs: row.runs, failedRuns: row.failedRuns, leadsSynced: row.leadsSynced, recordFailures: row.recordFailures,
      links: { synced: row.synced, pending: row.pending, failed: row.failed, dead: row.dead },
    })),
  };
}
