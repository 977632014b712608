import type { Logger } from "pino";
import type { Platform } from "@/generated/prisma/client";
import { recordAuditMany, type AuditEntry } from "../audit/record-audit";
import { ChannelAuthError, ChannelRejectedError } from "../channels/connector";
import { runPerWorkspace } from "../infra/batching/run-per-workspace";
import { connectorFor } from "../channels/registry";
import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import { withTenantSql, type RawSql } from "../infra/db/sql";
import type { BatchItem, BatchItemResult } from "../infra/queue/define-job";
import { PermanentJobError } from "../infra/queue/define-job";
import type { JobHandlerContext } from "../infra/jobs/catalog";
import { handlerPublisher } from "../infra/outbox/publishers";
import { withTenantSqlOutbox } from "../infra/outbox/with-outbox";

const isPermanent = (error: unknown): error is ChannelAuthError | ChannelRejectedError => error instanceof ChannelAuthError || error instanceof ChannelRejectedError;

export type SendReplyPayload = { workspaceId: string; replyId: string };

// A reply stuck in SENDING this long (a worker died mid-send) may be claimed again.
const STALE_SENDING_MS = 2 * 60_000;
/** Platform calls in flight at once per batch. */
const SEND_CONCURRENCY = 16;

type Claimed = {
  id: string; conversationId: string; inReplyToPmid: string | null; textEnc: string; approvedById: string | null; source: string;
  kind: "DM" | "COMMENT" | "MENTION"; externalThreadId: string; platformUserIdEnc: string;
  channelId: string; platform: Platform; externalId: string; accessTokenEnc: string | null; secretEnc: string | null;
};
type Attempt = { reply: Claimed } & ({ sent: string } | { error: unknown });

/**
 * The `send-reply` job, for a batch of replies: an outbox. QUEUED -> SENDING is claimed
 * atomically, so a retried or duplicated job never sends twice; SENT is final. A token the
 * platform rejects marks the channel NEEDS_REAUTH (inbound keeps flowing) and fails the reply
 * without retrying; any other failure puts it back to QUEUED for the retry. One result per item.
 */
export function sendReplies(items: ReadonlyArray<BatchItem<SendReplyPayload>>, ctx: { log: Logger }, jobs: JobHandlerContext): Promise<BatchItemResult[]> {
  return runPerWorkspace(items, (p) => p.replyId, (workspaceId, ids) => sendWorkspaceBatch(workspaceId, ids, ctx.log, jobs));
}

async function sendWorkspaceBatch(workspaceId: string, ids: string[], log: Logger, jobs: JobHandlerContext): Promise<Map<string, BatchItemResult>> {
  const results = new Map<string, BatchItemResult>();
  const { claimed, existing } = await withTenantSql({ workspaceId }, async (tx) => {
    const rows = await claimReplies(tx, workspaceId, ids);
    const rest = ids.filter((id) => !rows.some((r) => r.id === id));
    const found = rest.length === 0 ? [] : await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM replies WHERE id = ANY(${rest}::text[]) AND "workspaceId" = ${workspaceId}`;
    return { claimed: rows, existing: new Set(found.map((r) => r.id)) };
  });
  for (const id of ids) {
    if (claimed.some((r) => r.id === id)) continue;
    // Already sent, being sent, discarded or failed: nothing to do. Unknown: a permanent error.
    results.set(id, existing.has(id) ? { ok: true } : { ok: false, error: new PermanentJobError("Reply not found in this workspace", { code: "REPLY_NOT_FOUND" }) });
  }
  if (claimed.length === 0) return results;

  const attempts: Attempt[] = [];
  for (let i = 0; i < claimed.length; i += SEND_CONCURRENCY) {
    attempts.push(...(await Promise.all(claimed.slice(i, i + SEND_CONCURRENCY).map(deliver))));
  }
  await withTenantSqlOutbox({ workspaceId }, handlerPublisher(jobs.publish), async (tx, outbox) => {
    await recordAttempts(tx, workspaceId, attempts);
    const reauth = new Set<string>();
    for (const a of attempts) {
      if ("sent" in a) outbox.event({ type: "reply.sent", conversationId: a.reply.conversationId, replyId: a.reply.id });
      else if (isPermanent(a.error)) outbox.event({ type: "conversation.updated", conversationId: a.reply.conversationId });
      if ("error" in a && a.error instanceof ChannelAuthError) reauth.add(a.reply.channelId);
    }
    for (const channelId of reauth) outbox.event({ type: "channel.status", channelId, status: "needs_reauth" });
  });

  for (const a of attempts) {
    if ("sent" in a) {
      results.set(a.reply.id, { ok: true });
    } else if (isPermanent(a.error)) {
      results.set(a.reply.id, { ok: false, error: new PermanentJobError(a.error.message, { code: a.error.name, cause: a.error }) });
    } else {
      results.set(a.reply.id, { ok: false, error: a.error });
      log.warn({ workspaceId, replyId: a.reply.id }, "reply send failed; will retry");
    }
  }
  return results;
}

async function claimReplies(tx: RawSql, workspaceId: string, ids: string[]): Promise<Claimed[]> {
  const now = new Date();
  return tx.$queryRaw<Claimed[]>`
    WITH claimed AS (
      UPDATE replies SET status = 'SENDING', attempts = attempts + 1, "updatedAt" = ${now}::timestamp(3)
      WHERE id = ANY(${ids}::text[]) AND "workspaceId" = ${workspaceId}
        AND (status = 'QUEUED' OR (status = 'SENDING' AND "updatedAt" < ${new Date(now.getTime() - STALE_SENDING_MS)}::timestamp(3)))
      RETURNING id, "conversationId", "inReplyToId", "textEnc", "approvedById", source
    )
    SELECT cl.id, cl."conversationId", im."platformMessageId" AS "inReplyToPmid", cl."textEnc", cl."approvedById", cl.source::text AS source,
           c.kind::text AS kind, c."externalThreadId", ct."platformUserIdEnc",
           ch.id AS "channelId", ch.platform::text AS platform, ch."externalId", ch."accessTokenEnc", ch."secretEnc"
    FROM claimed cl
    JOIN conversations c ON c.id = cl."conversationId" AND c."workspaceId" = ${workspaceId}
    JOIN channels ch ON ch.id = c."channelId" AND ch."workspaceId" = ${workspaceId}
    JOIN contacts ct ON ct.id = c."contactId" AND ct."workspaceId" = ${workspaceId}
    LEFT JOIN messages im ON im.id = cl."inReplyToId" AND im."workspaceId" = ${workspaceId}`;
}

async function deliver(reply: Claimed): Promise<Attempt> {
  try {
    const connector = connectorFor(reply.platform);
    if (!connector) throw new ChannelRejectedError(`No connector for ${reply.platform}`);
    const sent = await connector.sendReply(
      { channelId: reply.channelId, externalId: reply.externalId, accessToken: decryptOptional(reply.accessTokenEnc), secret: decryptOptional(reply.secretEnc) },
      {
        conversationKind: reply.kind,
        threadId: reply.externalThreadId,
        recipientPlatformUserId: decrypt(reply.platformUserIdEnc),
        inReplyToPlatformMessageId: reply.inReplyToPmid,
        text: decrypt(reply.textEnc),
      },
    );
    return { reply, sent: sent.platformMessageId };
  } catch (error) {
    return { reply, error };
  }
}

/** Every attempt's outcome in one transaction: sent, failed for good (and channels needing re-auth), or back to QUEUED. */
async function recordAttempts(tx: RawSql, workspaceId: string, attempts: Attempt[]): Promise<void> {
  const now = new Date();
  const sent = attempts.flatMap((a) => ("sent" in a ? [{ ...a.reply, pmid: a.sent }] : []));
  const failed = attempts.flatMap((a) => ("error" in a ? [{ ...a.reply, error: a.error }] : []));
  const permanent = failed.filter((f) => f.error instanceof ChannelAuthError || f.error instanceof ChannelRejectedError);
  const message = (e: unknown) => (e instanceof Error ? e.message.slice(0, 500) : "send failed");

  if (sent.length > 0) {
    await tx.$executeRaw`
      UPDATE replies r SET status = 'SENT', "sentAt" = ${now}::timestamp(3), "platformMessageId" = u.pmid, error = NULL, "updatedAt" = ${now}::timestamp(3)
      FROM unnest(${sent.map((s) => s.id)}::text[], ${sent.map((s) => s.pmid)}::text[]) AS u(id, pmid) WHERE r.id = u.id AND r."workspaceId" = ${workspaceId}`;
    await tx.$executeRaw`
      UPDATE conversations SET "lastMessageAt" = ${now}::timestamp(3), "updatedAt" = ${now}::timestamp(3)
      WHERE id IN (SELECT DISTINCT unnest(${sent.map((s) => s.conversationId)}::text[])) AND "workspaceId" = ${workspaceId}`;
  }
  if (failed.length > 0) {
    await tx.$executeRaw`
      UPDATE replies r SET status = u.status::"ReplyStatus", error = u.error, "updatedAt" = ${now}::timestamp(3)
      FROM unnest(${failed.map((f) => f.id)}::text[], ${failed.map((f) => (permanent.includes(f) ? "FAILED" : "QUEUED"))}::text[], ${failed.map((f) => message(f.error))}::text[])
        AS u(id, status, error)
      WHERE r.id = u.id AND r."workspaceId" = ${workspaceId}`;
  }
  const reauth = [...new Set(permanent.filter((f) => f.error instanceof ChannelAuthError).map((f) => f.channelId))];
  if (reauth.length > 0) {
    await tx.$executeRaw`UPDATE channels SET status = 'NEEDS_REAUTH', "updatedAt" = ${now}::timestamp(3) WHERE id = ANY(${reauth}::text[]) AND "workspaceId" = ${workspaceId}`;
  }
  const audit: AuditEntry[] = [
    ...sent.map((s): AuditEntry => ({
      actor: s.approvedById ? { type: "USER", id: s.approvedById } : { type: "AI" },
      action: "reply.sent", target: { type: "reply", id: s.id }, metadata: { platform: s.platform, source: s.source },
    })),
    ...reauth.map((id): AuditEntry => ({ actor: { type: "SYSTEM" }, action: "channel.needs_reauth", target: { type: "channel", id } })),
  ];
  await recordAuditMany(tx, workspaceId, audit, now);
}
