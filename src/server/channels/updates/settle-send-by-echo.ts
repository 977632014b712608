import { decrypt } from "../../infra/crypto/field-crypto";
import { newId } from "../../infra/db/new-id";
import type { ChannelUpdate } from "../connector";
import { applied, type UpdateContext, type UpdateOutcome } from "./update-context";

type Echo = Extract<ChannelUpdate, { type: "echo" }>;
type Pending = { id: string; conversationId: string; status: "SENDING" | "DELIVERY_UNKNOWN"; approvedById: string | null; source: string };

/**
 * The echo of a send whose outcome we never recorded settles it: the platform posted it.
 * Found by our send key on the echo (Meta `message.metadata`), or, for a reply already
 * DELIVERY_UNKNOWN, by exactly its text in the echo's conversation. DELIVERY_UNKNOWN becomes
 * SENT with the platform's id and time (audited, announced); a reply still SENDING only gets the
 * id (`confirmedAt` too), and its worker's record, or the sweeper, makes it SENT. Null when the
 * echo is of no such send.
 */
export async function settleSendByEcho(ctx: UpdateContext, echo: Echo, conversationId: string | null, text: string): Promise<UpdateOutcome | null> {
  const pending = await findPending(ctx, echo, conversationId, text);
  if (!pending) return null;
  const { tx, workspaceId, now } = ctx;
  if (pending.status === "SENDING") {
    await tx.$executeRaw`
      UPDATE replies SET "platformMessageId" = ${echo.platformMessageId}, "confirmedAt" = ${echo.sentAt}::timestamp(3)
      WHERE id = ${pending.id} AND "workspaceId" = ${workspaceId} AND status = 'SENDING' AND "platformMessageId" IS NULL`;
    return applied;
  }
  const metadata = JSON.stringify({ platform: echo.platform, source: pending.source, confirmedBy: "echo" });
  await tx.$executeRaw`
    WITH up AS (
      UPDATE replies SET status = 'SENT', "platformMessageId" = ${echo.platformMessageId}, "sentAt" = ${echo.sentAt}::timestamp(3), "confirmedAt" = ${echo.sentAt}::timestamp(3),
             error = NULL, "updatedAt" = ${now}::timestamp(3)
      WHERE id = ${pending.id} AND "workspaceId" = ${workspaceId} AND status = 'DELIVERY_UNKNOWN'
      RETURNING id
    )
    INSERT INTO audit_logs (id, "workspaceId", "actorType", "actorId", action, "targetType", "targetId", metadata, "createdAt")
    SELECT ${newId()}, ${workspaceId}, ${pending.approvedById ? "USER" : "AI"}::"ActorType", ${pending.approvedById}, 'reply.sent', 'reply', up.id, ${metadata}::jsonb, ${now}::timestamp(3) FROM up`;
  ctx.outbox.event({ type: "reply.sent", conversationId: pending.conversationId, replyId: pending.id });
  return applied;
}

async function findPending(ctx: UpdateContext, echo: Echo, conversationId: string | null, text: string): Promise<Pending | undefined> {
  const { tx, workspaceId, channelId } = ctx;
  if (echo.sendKey) {
    const byKey = await tx.$queryRaw<Pending[]>`
      SELECT r.id, r."conversationId", r.status::text AS status, r."approvedById", r.source::text AS source FROM replies r
      JOIN conversations c ON c.id = r."conversationId" AND c."workspaceId" = ${workspaceId} AND c."channelId" = ${channelId}
      WHERE r.id = ${echo.sendKey} AND r."workspaceId" = ${workspaceId} AND r.status IN ('SENDING', 'DELIVERY_UNKNOWN') AND r."platformMessageId" IS NULL`;
    if (byKey[0]) return byKey[0];
  }
  if (!conversationId) return undefined;
  const unknown = await tx.$queryRaw<Array<Pending & { textEnc: string }>>`
    SELECT id, "conversationId", status::text AS status, "approvedById", source::text AS source, "textEnc" FROM replies
    WHERE "conversationId" = ${conversationId} AND "workspaceId" = ${workspaceId} AND status = 'DELIVERY_UNKNOWN' AND "platformMessageId" IS NULL
    ORDER BY "createdAt" LIMIT 20`;
  return unknown.find((r) => decrypt(r.textEnc) === text);
}
