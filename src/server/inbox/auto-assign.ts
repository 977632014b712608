import { recordAuditMany, type AuditEntry } from "../audit/record-audit";
import type { RawSql } from "../infra/db/sql";

type Pick = { userId: string };

/**
 * Auto-assignment (Settings, admin-only, off by default): each new conversation goes to the
 * workspace's agent with the fewest open (not closed) conversations, the one assigned least
 * recently on a tie, so agents take turns. Agents only: admins and viewers are never picked.
 * Serialised per workspace for the transaction (an advisory lock), so two ingests at once do
 * not both count the same agent as least busy. Nothing happens when the setting is off, there
 * is no agent, or the conversation was assigned meanwhile.
 */
export async function autoAssignConversations(tx: RawSql, workspaceId: string, conversationIds: readonly string[], now = new Date()): Promise<number> {
  if (conversationIds.length === 0) return 0;
  const [setting] = await tx.$queryRaw<Array<{ on: boolean }>>`SELECT "inboxAutoAssign" AS on FROM workspaces WHERE id = ${workspaceId}`;
  if (!setting?.on) return 0;
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`inbox-auto-assign:${workspaceId}`}))) AS l`;
  const audits: AuditEntry[] = [];
  for (const conversationId of [...conversationIds].sort()) {
    const [pick] = await tx.$queryRaw<Pick[]>`
      SELECT mb."userId" FROM memberships mb
      WHERE mb."workspaceId" = ${workspaceId} AND mb.role = 'AGENT'
      ORDER BY (SELECT count(*) FROM conversations c WHERE c."workspaceId" = ${workspaceId} AND c."assigneeId" = mb."userId" AND c.status <> 'CLOSED'),
               (SELECT max(c."assignedAt") FROM conversations c WHERE c."workspaceId" = ${workspaceId} AND c."assigneeId" = mb."userId") NULLS FIRST,
               mb."userId"
      LIMIT 1`;
    if (!pick) break;
    const count = await tx.$executeRaw`
      UPDATE conversations SET "assigneeId" = ${pick.userId}, "assignedAt" = ${now}::timestamp(3)
      WHERE id = ${conversationId} AND "workspaceId" = ${workspaceId} AND "assigneeId" IS NULL`;
    if (count > 0) audits.push({ actor: { type: "SYSTEM" }, action: "conversation.auto_assign", target: { type: "conversation", id: conversationId }, metadata: { assigneeId: pick.userId } });
  }
  await recordAuditMany(tx, workspaceId, audits, now);
  return audits.length;
}
