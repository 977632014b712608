import { newId } from "../infra/db/new-id";
import type { RawSql } from "../infra/db/sql";

/**
 * Why a send's outcome is unknown: the platform call got no clear answer (`no_answer`), or the
 * worker's lease ran out after the call had started (`lease_expired`, found by the sweeper).
 */
export type UnknownReason = "no_answer" | "lease_expired";

/** One `reply.delivery_unknown` audit entry per reply just moved to DELIVERY_UNKNOWN, in one statement. */
export async function recordDeliveryUnknown(tx: RawSql, workspaceId: string, replyIds: readonly string[], reason: UnknownReason, now: Date): Promise<void> {
  if (replyIds.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO audit_logs (id, "workspaceId", "actorType", "actorId", action, "targetType", "targetId", metadata, "createdAt")
    SELECT u.audit_id, ${workspaceId}, 'SYSTEM'::"ActorType", NULL, 'reply.delivery_unknown', 'reply', u.reply_id, ${JSON.stringify({ reason })}::jsonb, ${now}::timestamp(3)
    FROM unnest(${replyIds.map(() => newId())}::text[], ${[...replyIds]}::text[]) AS u(audit_id, reply_id)`;
}
