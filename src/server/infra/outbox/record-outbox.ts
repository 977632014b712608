import { newId } from "../db/new-id";
import type { RawSql, SqlTx } from "../db/sql";
import type { OutboxEntry, OutboxRow } from "./outbox-entry";

/** Writes the entries in the caller's tenant transaction, one statement for all of them. */
export async function recordOutbox(tx: RawSql, workspaceId: string, entries: readonly OutboxEntry[]): Promise<OutboxRow[]> {
  if (entries.length === 0) return [];
  const now = new Date();
  const rows = toRows(workspaceId, entries, now);
  await tx.$executeRaw`
    INSERT INTO outbox (id, "workspaceId", kind, name, payload, "dedupId", "createdAt", "availableAt")
    SELECT r.id, ${workspaceId}, r.kind, r.name, r.payload::jsonb, r.dedup_id, ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.name)}::text[],
                ${rows.map((r) => JSON.stringify(r.payload))}::text[], ${rows.map((r) => r.dedupId)}::text[])
      AS r(id, kind, name, payload, dedup_id)`;
  return rows;
}

/**
 * `recordOutbox` for the pipeline's raw-SQL transactions: the insert goes with the COMMIT, in its
 * round trip (`SqlTx.atCommit`), so recording side effects costs a small batch no extra round
 * trip. The values are literals escaped by the driver; they are ids and JSON the writer checked.
 */
export function recordOutboxAtCommit(tx: SqlTx, workspaceId: string, entries: readonly OutboxEntry[]): OutboxRow[] {
  if (entries.length === 0) return [];
  const now = new Date();
  const rows = toRows(workspaceId, entries, now);
  const at = tx.literal(now.toISOString());
  const values = rows.map((r) =>
    `(${[r.id, workspaceId, r.kind, r.name].map((v) => tx.literal(v)).join(", ")}, ${tx.literal(JSON.stringify(r.payload))}::jsonb, ${tx.literal(r.dedupId)}, ${at}::timestamp(3), ${at}::timestamp(3))`,
  );
  tx.atCommit(`INSERT INTO outbox (id, "workspaceId", kind, name, payload, "dedupId", "createdAt", "availableAt") VALUES ${values.join(",\n")}`);
  return rows;
}

const toRows = (workspaceId: string, entries: readonly OutboxEntry[], now: Date): OutboxRow[] =>
  entries.map((entry) => ({ ...entry, id: newId(), workspaceId, createdAt: now }));
