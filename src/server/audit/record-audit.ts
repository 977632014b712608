import type { Prisma } from "@/generated/prisma/client";
import type { Tx } from "../db/tenant";

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
  await tx.auditLog.create({
    data: {
      workspaceId,
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      metadata: entry.metadata ?? {},
    },
  });
}
