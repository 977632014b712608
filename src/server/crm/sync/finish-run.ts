import { recordAuditMany } from "../../audit/record-audit";
import { withTenantSql, type RawSql } from "../../infra/db/sql";
import { OutboxWriter } from "../../infra/outbox/outbox-entry";
import { recordOutbox } from "../../infra/outbox/record-outbox";
import type { OutboxPublisher } from "../../infra/outbox/relay-outbox";
import { withTenantSqlOutbox } from "../../infra/outbox/with-outbox";
import { markCrmNeedsReauth } from "../tokens/crm-token-store";
import type { RunStop } from "./classify-stop";
import type { LeasedConnection } from "./connection-lease";
import type { CrmSyncTrigger } from "./request-sync";

export type RunCounts = { attempted: number; synced: number; created: number; updated: number; failed: number; dead: number; outcomes: number };
export const emptyCounts = (): RunCounts => ({ attempted: 0, synced: 0, created: 0, updated: 0, failed: 0, dead: 0, outcomes: 0 });

export type RunEnd = {
  workspaceId: string;
  connection: LeasedConnection;
  runId: string;
  owner: string;
  trigger: CrmSyncTrigger;
  counts: RunCounts;
  calls: number;
  durationMs: number;
  /** The CRM failure that ended the run early, if any. */
  stop: RunStop | null;
  /** A crash (not the CRM's): the run is FAILED, the connection left as it was. Error name only. */
  crashed: string | null;
  /** The time budget ran out with leads left: another run is queued at once. */
  continued: boolean;
  startedAt: Date;
  now: Date;
};

export type RunStatus = "SUCCEEDED" | "PARTIAL" | "FAILED";

export function runStatusOf(end: Pick<RunEnd, "counts" | "stop" | "crashed">): RunStatus {
  const rejected = end.counts.failed + end.counts.dead;
  if (end.stop || end.crashed) return end.counts.synced > 0 || end.counts.outcomes > 0 ? "PARTIAL" : "FAILED";
  return rejected > 0 ? "PARTIAL" : "SUCCEEDED";
}

/**
 * Closes a run in one tenant transaction: the sync-run row (status, counts, calls, duration, the
 * error without PII), the connection's state (ACTIVE after a clean run; FAILING with the error and
 * the next try after a CRM failure; NEEDS_REAUTH when the credentials were refused), its next
 * scheduled sync, an audit entry `crm.sync` with counts only, a `crm.status` event when the
 * status changed, the follow-up run when the budget ran out, and the lease released.
 */
export async function finishRun(end: RunEnd, publisher?: OutboxPublisher): Promise<RunStatus> {
  const status = runStatusOf(end);
  await inOutboxTransaction(end.workspaceId, publisher, async (tx, outbox) => {
    const { workspaceId, connection, now } = end;
    const error = end.crashed ? `The run stopped unexpectedly (${end.crashed}); it will be retried.` : (end.stop?.message ?? null);
    await tx.$executeRaw`
      UPDATE crm_sync_runs SET status = ${status}::"RunStatus", attempted = ${end.counts.attempted}, succeeded = ${end.counts.synced},
             failed = ${end.counts.failed + end.counts.dead}, created = ${end.counts.created}, updated = ${end.counts.updated}, dead = ${end.counts.dead},
             outcomes = ${end.counts.outcomes}, calls = ${end.calls}, "durationMs" = ${end.durationMs}, error = ${error}, "finishedAt" = ${now}::timestamp(3)
      WHERE id = ${end.runId} AND "workspaceId" = ${workspaceId}`;

    let newStatus: string | null = null;
    if (end.stop?.kind === "needs-reauth") {
      if (!end.stop.alreadyMarked) await markCrmNeedsReauth(tx, outbox, workspaceId, connection.id, "crm_refused_credentials", now);
    } else if (end.stop?.kind === "failing") {
      await tx.$executeRaw`
        UPDATE crm_connections SET status = 'FAILING', "lastError" = ${end.stop.message}, "failingSince" = COALESCE("failingSince", ${now}::timestamp(3)),
               "nextSyncAt" = ${new Date(now.getTime() + end.stop.retryInMs)}::timestamp(3), "lastSyncAt" = ${now}::timestamp(3), "updatedAt" = ${now}::timestamp(3)
        WHERE id = ${connection.id} AND "workspaceId" = ${workspaceId} AND status <> 'NEEDS_REAUTH'`;
      if (connection.status !== "FAILING") newStatus = "failing";
    } else if (!end.crashed && end.stop === null) {
      // From the run's start minute, so a 5-minute interval meets the 5-minute fan-out instead of missing it by seconds.
      const next = end.continued ? now : new Date(Math.floor(end.startedAt.getTime() / 60_000) * 60_000 + connection.syncMinutes * 60_000);
      await tx.$executeRaw`
        UPDATE crm_connections SET status = 'ACTIVE', "lastError" = NULL, "failingSince" = NULL, "nextSyncAt" = ${next}::timestamp(3),
               "lastSyncAt" = ${now}::timestamp(3), "updatedAt" = ${now}::timestamp(3)
        WHERE id = ${connection.id} AND "workspaceId" = ${workspaceId} AND status <> 'NEEDS_REAUTH'`;
      if (connection.status !== "ACTIVE") newStatus = "active";
    }
    await tx.$executeRaw`
      UPDATE crm_connections SET "leaseOwner" = NULL, "leaseUntil" = NULL
      WHERE id = ${connection.id} AND "workspaceId" = ${workspaceId} AND "leaseOwner" = ${end.owner}`;

    await recordAuditMany(
      tx,
      workspaceId,
      [
        {
          actor: { type: "SYSTEM" },
          action: "crm.sync",
          target: { type: "crm_connection", id: connection.id },
          metadata: { runId: end.runId, provider: connection.provider, trigger: end.trigger, status, ...end.counts, calls: end.calls, durationMs: end.durationMs },
        },
      ],
      now,
    );
    if (newStatus) outbox.event({ type: "crm.status", connectionId: connection.id, status: newStatus });
    if (end.continued) {
      outbox.job("crm-sync-connection", { workspaceId, connectionId: connection.id, trigger: end.trigger }, `${connection.id}.crm-sync.continue.${end.runId}`);
    }
  });
  return status;
}

/** withTenantSqlOutbox, or without a publisher the same transaction leaving its outbox rows to the sweeper. */
export function inOutboxTransaction<T>(workspaceId: string, publisher: OutboxPublisher | undefined, fn: (tx: RawSql, outbox: OutboxWriter) => Promise<T>): Promise<T> {
  if (publisher) return withTenantSqlOutbox({ workspaceId }, publisher, fn);
  return withTenantSql({ workspaceId }, async (tx) => {
    const outbox = new OutboxWriter();
    const result = await fn(tx, outbox);
    await recordOutbox(tx, workspaceId, outbox.entries);
    return result;
  });
}
