import { newId } from "../../infra/db/new-id";
import { withTenantSql } from "../../infra/db/sql";
import { env } from "../../infra/env/load-env";
import { logger } from "../../infra/logger";
import type { OutboxPublisher } from "../../infra/outbox/relay-outbox";
import type { CrmConnector, CrmCredentials, CrmNote, CrmOAuthProvider, CrmRecordResult, FieldMapping } from "../crm-connector";
import { LEADLINE_FIELDS } from "../crm-connector";
import { crmConnectorFor } from "../crm-registry";
import { getCrmCredentials } from "../tokens/get-crm-credentials";
import { buildRecords, type BuiltLead } from "./build-records";
import { callCrm, type CredentialSource } from "./call-crm";
import { classifyStop, type RunStop } from "./classify-stop";
import { BatchSource } from "./batch-source";
import { releaseLease, takeLease, type LeasedConnection } from "./connection-lease";
import { emptyCounts, finishRun, type RunCounts, type RunStatus } from "./finish-run";
import { CrmPacer } from "./pacer";
import { pullOutcomes } from "./pull-outcomes";
import type { CrmSyncTrigger } from "./request-sync";
import type { ChangedLead } from "./select-changed-leads";
import { writeLinkResults } from "./write-link-results";

/** A run stops starting batches after this and queues its continuation (the job's timeout is 300 s). */
export const RUN_TIME_BUDGET_MS = 4 * 60_000;

/**
 * Batches a run keeps in flight at once, unless the connector asks for fewer (`limits.batchesInFlight`).
 * A CRM answers a batch in 100 ms to a second, and a run spends about as long reading and writing
 * its own rows per batch; with one batch at a time a run leaves most of the rate limit unused,
 * worst at the start of a large sync, when a whole window's calls could start at once (HubSpot: 108
 * in the first 10 s). Eight keep the pacer, not the round trips, in charge (docs/crm/sync.md#benchmark),
 * and stay far below any CRM's concurrency limit (Salesforce: 25 long-running requests per org).
 */
export const BATCH_PIPELINES = 8;

export type SyncOptions = {
  /** Relays the run's follow-up jobs and events at once (job handlers pass theirs); otherwise the outbox sweeper does. */
  publisher?: OutboxPublisher;
  /** The clock every stored time is taken from (tests move it). */
  now?: () => Date;
  /** Default: the registry's connector for the connection's CRM. */
  connector?: CrmConnector;
  /** Default: the registry's OAuth provider (tests). */
  oauth?: CrmOAuthProvider | null;
  timeBudgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Test seam: runs after the CRM took a batch and before its link results are written (a crash there). */
  afterUpsert?: (results: readonly CrmRecordResult[]) => void | Promise<void>;
};

export type SyncResult =
  | { status: "busy" }
  | { status: "skipped"; reason: "disabled" | "needs_reauth" }
  | { status: RunStatus; runId: string; counts: RunCounts; calls: number; error: string | null; continued: boolean };

/**
 * One sync run of one CRM connection (docs/crm/sync.md). Takes the connection's lease (a second
 * concurrent run returns "busy" having done nothing), records a RUNNING sync-run row, prepares
 * the CRM, then per batch of changed leads: upsert, write the link results in one transaction,
 * attach the notes of the records taken, renew the lease. Then pulls won / lost outcomes when
 * the CRM has them. A CRM failure ends the run and is recorded on the connection (finish-run.ts);
 * any other error marks the run FAILED, releases the lease and is rethrown (the job retries).
 * Re-sending a batch after a crash is safe: connectors upsert by the lead's stable key.
 */
export async function runConnectionSync(workspaceId: string, connectionId: string, trigger: CrmSyncTrigger, opts: SyncOptions = {}): Promise<SyncResult> {
  const now = opts.now ?? (() => new Date());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const owner = newId();
  const connection = await withTenantSql({ workspaceId }, (tx) => takeLease(tx, workspaceId, connectionId, owner, now()));
  if (!connection) return { status: "busy" };
  if (!connection.enabled || connection.status === "NEEDS_REAUTH") {
    await withTenantSql({ workspaceId }, (tx) => releaseLease(tx, workspaceId, connectionId, owner));
    return { status: "skipped", reason: connection.enabled ? "needs_reauth" : "disabled" };
  }
  const connector = opts.connector ?? crmConnectorFor(connection.provider);
  const startedAt = now();
  const started = performance.now();
  const { runId, usedToday } = await startRun(workspaceId, connection, trigger, startedAt);
  // Replaced once the credentials' metadata says which account (and so which limits) this is.
  let pacer = new CrmPacer(connector.limits, { usedToday, sleep });
  const counts = emptyCounts();
  let stop: RunStop | null = null;
  let continued = false;
  let crashed: Error | null = null;

  try {
    const source: CredentialSource = {
      current: await getCrmCredentials(workspaceId, connectionId, { publisher: opts.publisher, oauth: opts.oauth }),
      refresh: connection.oauth
        ? (rejected: CrmCredentials) => getCrmCredentials(workspaceId, connectionId, { publisher: opts.publisher, oauth: opts.oauth, forceRefresh: true, rejectedAccessToken: rejected.accessToken })
        : null,
    };
    const limits = connector.limitsFor?.(source.current.metadata) ?? connector.limits;
    pacer = new CrmPacer(limits, { usedToday, sleep });
    const mapping = mappingOf(connection.fieldMapping, connector);
    const pipelines = Math.max(1, Math.min(limits.batchesInFlight ?? BATCH_PIPELINES, BATCH_PIPELINES));
    const batches = new BatchSource({ workspaceId, connectionId, owner, leaseTakenAt: startedAt, batchSize: limits.batchSize, batchesPerTurn: pipelines, now });
    // The CRM's preparation runs while the loops read their first batches; nothing is sent before it is done.
    const prepared = callCrm(source, pacer, (creds) => connector.prepare(creds, mapping, pacer), sleep);
    prepared.catch(() => undefined); // awaited below; a failure halts the loops from there

    // `pipelines` loops side by side, each: next batch -> build -> upsert, then hands the batch's
    // finish over and takes the next. The first failure halts every loop (each finishes the batch
    // it holds) and is rethrown once all have stopped.
    let halted = false;
    let failure: { error: unknown } | null = null;
    // A batch's finish (its link results, then its notes) runs beside the next batches' upserts:
    // the next upsert needs nothing from it. At most `pipelines` finishes wait at once; a batch's
    // leads are released once its links are written, so no turn selects them again before.
    const finishing = new Set<Promise<void>>();
    const fail = (error: unknown) => {
      failure ??= { error };
      halted = true;
    };
    const pipeline = async (): Promise<void> => {
      while (!halted) {
        if (performance.now() - started > (opts.timeBudgetMs ?? RUN_TIME_BUDGET_MS)) {
          continued = true;
          halted = true;
          return;
        }
        while (finishing.size >= pipelines) await Promise.race(finishing);
        const changed = await batches.next();
        if (changed === null) {
          stop ??= { kind: "lease-lost", message: "Another run took over this connection." };
          halted = true;
          return;
        }
        const release = () => batches.release(changed);
        // Nothing left but what other loops hold; or another loop failed while this one waited: send nothing more.
        if (changed.length === 0 || halted) return release();
        let results: CrmRecordResult[];
        let built: BuiltLead[];
        try {
          // Reading the records needs no turn: the loops build theirs side by side.
          built = await withTenantSql({ workspaceId }, (tx) => buildRecords(tx, workspaceId, changed, appUrl()));
          await prepared;
          if (halted) return release();
          counts.attempted += built.length;
          results = await callCrm(source, pacer, (creds) => connector.upsert(creds, built.map((b) => b.record), mapping, pacer), sleep);
          await opts.afterUpsert?.(results);
        } catch (error) {
          release();
          throw error;
        }
        const finish: Promise<void> = finishBatch(changed, built, results)
          .catch(fail)
          .finally(() => {
            release();
            finishing.delete(finish);
          });
        finishing.add(finish);
      }
    };
    const finishBatch = async (changed: ChangedLead[], built: BuiltLead[], results: CrmRecordResult[]): Promise<void> => {
      const builtIds = new Set(built.map((b) => b.record.leadId));
      const sent = changed.filter((c) => builtIds.has(c.leadId));
      const written = await withTenantSql({ workspaceId }, (tx) => writeLinkResults(tx, workspaceId, connectionId, sent, results, now()));
      for (const key of ["synced", "created", "updated", "failed", "dead"] as const) counts[key] += written[key];

      const notes = notesFor(built.map((b) => b.note), results);
      if (notes.length > 0) {
        const noteResults = await callCrm(source, pacer, (creds) => connector.attachNotes(creds, notes, pacer), sleep);
        const rejected = noteResults.filter((r) => !r.ok).length;
        if (rejected > 0) logger.warn({ component: "crm-sync", workspaceId, connectionId, rejected }, "CRM rejected some notes");
      }
    };
    await Promise.all(Array.from({ length: pipelines }, () => pipeline().catch(fail)));
    await prepared; // its failure, when no loop got as far as waiting for it
    // The loops have stopped; the batches they handed over finish (or fail) before the run ends.
    while (finishing.size > 0) await Promise.race(finishing);
    if (failure) throw (failure as { error: unknown }).error;

    if (!stop && !continued && connector.pullOutcomes) {
      const pull = connector.pullOutcomes.bind(connector);
      counts.outcomes = await pullOutcomes({
        workspaceId,
        connection,
        pull: (cursor) => callCrm(source, pacer, (creds) => pull(creds, cursor, pacer), sleep),
        publisher: opts.publisher,
        now,
      });
    }
  } catch (error) {
    stop = classifyStop(error, connection.failingSince, now());
    if (!stop) crashed = error instanceof Error ? error : new Error(String(error));
  }

  const status = await finishRun(
    {
      workspaceId,
      connection,
      runId,
      owner,
      trigger,
      counts,
      calls: pacer.calls,
      durationMs: Math.round(performance.now() - started),
      stop,
      crashed: crashed ? crashed.name : null,
      continued: continued && !stop && !crashed,
      startedAt,
      now: now(),
    },
    opts.publisher,
  );
  if (crashed) throw crashed;
  return { status, runId, counts, calls: pacer.calls, error: stop?.message ?? null, continued };
}

/** The stored mapping, or the connector's default when none was saved. Unknown Leadline fields are dropped. */
function mappingOf(stored: unknown, connector: CrmConnector): FieldMapping {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) return connector.defaultMapping;
  const entries = Object.entries(stored).filter(([field, name]) => (LEADLINE_FIELDS as readonly string[]).includes(field) && typeof name === "string" && name !== "");
  return entries.length === 0 ? connector.defaultMapping : (Object.fromEntries(entries) as FieldMapping);
}

/** Notes of the records the CRM took, with the CRM's id. */
function notesFor(notes: ReadonlyArray<Omit<CrmNote, "externalId">>, results: readonly CrmRecordResult[]): CrmNote[] {
  const taken = new Map(results.flatMap((r) => (r.ok ? [[r.leadId, r.externalId] as const] : [])));
  return notes.flatMap((n) => {
    const externalId = taken.get(n.leadId);
    return externalId ? [{ ...n, externalId }] : [];
  });
}

/**
 * The RUNNING row, after closing any run of this connection still RUNNING (a crashed run whose
 * lease ran out), and the calls earlier runs made today (for the CRM's daily allowance).
 */
async function startRun(workspaceId: string, connection: LeasedConnection, trigger: CrmSyncTrigger, now: Date) {
  const runId = newId();
  return withTenantSql({ workspaceId }, async (tx) => {
    await tx.$executeRaw`
      UPDATE crm_sync_runs SET status = 'FAILED', error = ${"The run was interrupted; its leads were picked up again."}, "finishedAt" = ${now}::timestamp(3)
      WHERE "connectionId" = ${connection.id} AND "workspaceId" = ${workspaceId} AND status = 'RUNNING'`;
    await tx.$executeRaw`
      INSERT INTO crm_sync_runs (id, "workspaceId", "connectionId", status, trigger, "startedAt")
      VALUES (${runId}, ${workspaceId}, ${connection.id}, 'RUNNING', ${trigger}, ${now}::timestamp(3))`;
    const rows = await tx.$queryRaw<Array<{ calls: bigint | number | null }>>`
      SELECT SUM(calls) AS calls FROM crm_sync_runs
      WHERE "connectionId" = ${connection.id} AND "workspaceId" = ${workspaceId} AND "startedAt" >= date_trunc('day', ${now}::timestamp(3))`;
    return { runId, usedToday: Number(rows[0]?.calls ?? 0) };
  });
}

/** Where the CRM's "open in Leadline" link points. */
function appUrl(): string {
  return env().APP_URL;
}
