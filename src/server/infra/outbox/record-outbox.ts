import { newId } from "../db/new-id";
import type { RawSql } from "../db/sql";
import type { OutboxEntry, OutboxRow } from "./outbox-entry";

/** Writes the entries in the caller's tenant transaction, one statement for all of them. */
export async function recordOutbox(tx: RawSql, workspaceId: string, entries: readonly OutboxEntry[]): Promise<OutboxRow[]> {
  if (entries.length === 0) return [];
  const now = new Date();
  const rows: OutboxRow[] = entries.map((entry) => ({ ...entry, id: newId(), workspaceId, createdAt: now }));
  await tx.$executeRaw`
    INSERT INTO outbox (id, "workspaceId", kind, name, payload, "dedupId", "createdAt", "availableAt")
    SELECT r.id, ${workspaceId}, r.kind, r.name, r.payload::jsonb, r.dedup_id, ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.name)}::text[],
                ${rows.map((r) => JSON.stringify(r.payload))}::text[], ${rows.map((r) => r.dedupId)}::text[])
      AS r(id, kind, name, payload, dedup_id)`;
  return rows;
}
