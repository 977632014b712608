import type { RawSql } from "../../infra/db/sql";

/** A lead the connection should receive, with what its link already knows. */
export type ChangedLead = {
  leadId: string;
  /** The version being sent: the link records it as synced once the CRM took it. */
  version: number;
  externalId: string | null;
  attempts: number;
};

/**
 * Leads of the workspace the connection has not seen at their current version: no link yet, or
 * `leads.version > links.syncedVersion`, the link not DEAD and its backoff over (`nextAttemptAt`).
 * Oldest change first, at most `limit` (the connector's batch size), leaving out `exclude` (leads
 * in the run's other batches still in flight). Row-level security scopes it
 * to the transaction's workspace; the explicit workspace filter lets the planner use its indexes.
 *
 * The link is probed per lead through the unique (leadId, connectionId) index (LATERAL ... LIMIT 1
 * keeps the planner from flattening it into a join). A plain LEFT JOIN is planned from table
 * statistics, and during a first sync `crm_lead_links` grows from nothing faster than autovacuum
 * re-analyses it: the planner then nests a scan of every link inside every lead (10,000 leads:
 * 17 s per batch, measured by `npm run bench:crm`). The probe costs ~70 ms per batch at 10,000
 * leads whatever the statistics say.
 */
export async function selectChangedLeads(tx: RawSql, workspaceId: string, connectionId: string, limit: number, now: Date, exclude: readonly string[] = []): Promise<ChangedLead[]> {
  const rows = await tx.$queryRaw<Array<{ leadId: string; version: bigint | number; externalId: string | null; attempts: number | null }>>`
    SELECT l.id AS "leadId", l.version, k."externalId", k.attempts
    FROM leads l
    LEFT JOIN LATERAL (
      SELECT k.id, k."externalId", k.attempts, k.state, k."syncedVersion", k."nextAttemptAt"
      FROM crm_lead_links k WHERE k."leadId" = l.id AND k."connectionId" = ${connectionId}
      LIMIT 1
    ) k ON true
    WHERE l."workspaceId" = ${workspaceId}
      AND NOT (l.id = ANY(${exclude}::text[]))
      AND (k.id IS NULL
           OR (k.state <> 'DEAD' AND l.version > k."syncedVersion" AND (k."nextAttemptAt" IS NULL OR k."nextAttemptAt" <= ${now}::timestamp(3))))
    ORDER BY l."updatedAt", l.id
    LIMIT ${limit}`;
  return rows.map((r) => ({ leadId: r.leadId, version: Number(r.version), externalId: r.externalId, attempts: r.attempts ?? 0 }));
}
