import { recordAuditMany } from "../../audit/record-audit";
import type { RawSql } from "../../infra/db/sql";
import type { OutboxWriter } from "../../infra/outbox/outbox-entry";
import type { CrmOutcome } from "../crm-connector";

/** Retraining requests from outcomes within this window share one job. */
const RETRAIN_WINDOW_MS = 15 * 60_000;

/**
 * Applies won / lost verdicts pulled from a CRM, in the caller's tenant transaction. Each finds
 * its lead by `externalKey` (Leadline's lead id, when the CRM record carries it) or else by the
 * connection's link with that `externalId`. A lead whose status differs takes the verdict and
 * `outcomeAt` (audit `lead.outcome_from_crm`, a `lead.updated` event); if its link was in sync
 * before, the link moves to the new version so the verdict does not echo back to the CRM. When
 * any verdict landed, the scorer's retraining is queued (one job per window). Returns how many
 * leads changed.
 */
export async function applyCrmOutcomes(
  tx: RawSql,
  outbox: OutboxWriter,
  input: { workspaceId: string; connectionId: string; provider: string; outcomes: readonly CrmOutcome[]; now: Date },
): Promise<number> {
  const { workspaceId, connectionId, outcomes, now } = input;
  if (outcomes.length === 0) return 0;
  // The latest verdict per CRM record wins when a page holds several.
  const latest = new Map<string, CrmOutcome>();
  for (const o of [...outcomes].sort((a, b) => a.at.getTime() - b.at.getTime())) latest.set(`${o.externalKey ?? ""}|${o.externalId}`, o);
  const list = [...latest.values()];

  const found = await tx.$queryRaw<Array<{ i: number; leadId: string; status: string; version: bigint | number }>>`
    SELECT o.i, l.id AS "leadId", l.status::text AS status, l.version
    FROM unnest(${list.map((_, i) => i)}::int[], ${list.map((o) => o.externalKey)}::text[], ${list.map((o) => o.externalId)}::text[]) AS o(i, key, external_id)
    JOIN LATERAL (
      SELECT l.* FROM leads l
      WHERE l."workspaceId" = ${workspaceId}
        AND (l.id = o.key OR l.id = (SELECT k."leadId" FROM crm_lead_links k WHERE k."connectionId" = ${connectionId} AND k."externalId" = o.external_id LIMIT 1))
      LIMIT 1
    ) l ON true`;

  let applied = 0;
  const audits = [];
  for (const row of found) {
    const outcome = list[row.i]!;
    if (row.status === outcome.outcome) continue;
    const oldVersion = Number(row.version);
    const updated = await tx.$queryRaw<Array<{ version: bigint | number }>>`
      UPDATE leads SET status = ${outcome.outcome}::"LeadStatus", "outcomeAt" = ${outcome.at}::timestamp(3), "updatedAt" = ${now}::timestamp(3)
      WHERE id = ${row.leadId} AND "workspaceId" = ${workspaceId} AND status <> ${outcome.outcome}::"LeadStatus"
      RETURNING version`;
    const newVersion = updated[0] ? Number(updated[0].version) : null;
    if (newVersion === null) continue;
    applied += 1;
    // In sync before the verdict: the CRM already shows it, so record the new version as synced.
    await tx.$executeRaw`
      UPDATE crm_lead_links SET "syncedVersion" = ${newVersion}, "updatedAt" = ${now}::timestamp(3)
      WHERE "leadId" = ${row.leadId} AND "connectionId" = ${connectionId} AND "syncedVersion" = ${oldVersion} AND state = 'SYNCED'`;
    audits.push({
      actor: { type: "SYSTEM" as const },
      action: "lead.outcome_from_crm",
      target: { type: "lead", id: row.leadId },
      metadata: { outcome: outcome.outcome, from: row.status, provider: input.provider, connectionId },
    });
    outbox.event({ type: "lead.updated", leadId: row.leadId });
  }
  await recordAuditMany(tx, workspaceId, audits, now);
  if (applied > 0) outbox.job("retrain-scorer", { workspaceId, requestedBy: null }, `${workspaceId}.retrain-scorer.${Math.floor(now.getTime() / RETRAIN_WINDOW_MS)}`);
  return applied;
}
