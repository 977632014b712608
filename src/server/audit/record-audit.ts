import type { Prisma } from "@/generated/prisma/client";
import { newId } from "../infra/db/new-id";
import type { RawSql } from "../infra/db/sql";
import type { Tx } from "../infra/db/tenant";

export type AuditActor = { type: "USER"; id: string } | { type: "SYSTEM"; id?: string } | { type: "AI"; id?: string };

export type AuditEntry = {
  actor: AuditActor;
  action: string; // dotted verb, e.g. "workspace.settings.update", "reply.auto_send"
  target?: { type: string; id: string };
  /** Ids, flags and changed field names only: never message text, tokens or PII. */
  metadata?: Prisma.InputJsonObject;
};

/** Appends to the audit log inside the caller's tenant transaction (rows are append-only). */
export async function recordAudit(tx: Tx, workspaceId: string, entry: AuditEntry): Promise<void> {
  await recordAuditMany(tx, workspaceId, [entry]);
}

/** Several audit entries as one insert (the pipeline's batches). */
export async function recordAuditMany(tx: RawSql, workspaceId: string, entries: readonly AuditEntry[], now = new Date()): Promise<void> {
  if (entries.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO audit_logs (id, "workspaceId", "actorType", "actorId", action, "targetType", "targetId", metadata, "createdAt")
    SELECT a.id, ${workspaceId}, a.actor_type::"ActorType", a.actor_id, a.action, a.target_type, a.target_id, a.metadata::jsonb, ${now}::timestamp(3)
    FROM unnest(${entries.map(() => newId())}::text[], ${entries.map((e) => e.actor.type)}::text[], ${entries.map((e) => e.actor.id ?? null)}::text[],
                ${entries.map((e) => e.action)}::text[], ${entries.map((e) => e.target?.type ?? null)}::text[], ${entries.map((e) => e.target?.id ?? null)}::text[],
                ${entries.map((e) => JSON.stringify(e.metadata ?? {}))}::text[])
      AS a(id, actor_type, actor_id, action, target_type, target_id, metadata)`;
}
