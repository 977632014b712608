import { dbPool } from "../db/client";
import type { OutboxRow } from "./outbox-entry";

type DueRow = { id: string; workspaceId: string; kind: "job" | "event"; name: string; payload: unknown; dedupId: string | null; attempts: number; createdAt: Date };

/**
 * Outbox rows the relay did not get out (a publish failed, or the process died between commit
 * and relay), across workspaces through `outbox_claim_due` (owner rights, ids and labels only).
 * Each claim moves the row's next chance back, so two sweepers never take the same row and a
 * row that keeps failing is retried ever more slowly.
 */
export async function claimDueOutboxRows(now: Date, options: { minAgeMs: number; limit: number }): Promise<Array<OutboxRow & { attempts: number }>> {
  const { rows } = await dbPool().query<DueRow>(
    `SELECT id, "workspaceId", kind, name, payload, "dedupId", attempts, "createdAt" FROM outbox_claim_due($1::timestamp(3), $2::timestamp(3), $3::int)`,
    [now.toISOString(), new Date(now.getTime() - options.minAgeMs).toISOString(), options.limit],
  );
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }) as OutboxRow & { attempts: number });
}
