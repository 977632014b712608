import type { Logger } from "pino";
import { runPerWorkspace } from "../infra/batching/run-per-workspace";
import { withTenantSql, type RawSql } from "../infra/db/sql";
import type { BatchItem, BatchItemResult } from "../infra/queue/define-job";
import { PermanentJobError } from "../infra/queue/define-job";
import type { JobHandlerContext } from "../infra/jobs/catalog";
import { handlerPublisher } from "../infra/outbox/publishers";
import { withTenantSqlOutbox } from "../infra/outbox/with-outbox";
import { dispatchReply, isPrepared, prepareReply, type Attempt, type ClaimedReply, type PreparedReply } from "./deliver-reply";
import { recordSendOutcomes } from "./record-send-outcomes";

export type SendReplyPayload = { workspaceId: string; replyId: string };

/**
 * The send lease. A reply SENDING this long whose platform call never started (the worker died
 * between claim and call) may be claimed again. Once the call started (`dispatchedAt`) it is
 * never claimed again here: the sweeper settles it (sweep-outbox.ts, settle-expired-sends.ts).
 */
const STALE_SENDING_MS = 2 * 60_000;
/** Platform calls in flight at once per batch. */
const SEND_CONCURRENCY = 16;
/**
 * No new wave of sends starts after this: every outcome must be recorded well before the job's
 * 60 s timeout and the 2-minute SENDING lease, or a re-claim could send a reply twice. Replies
 * not started go back to QUEUED for the retry.
 */
const SEND_BUDGET_MS = 30_000;

/**
 * The `send-reply` job, for a batch of replies: an outbox. QUEUED -> SENDING is claimed
 * atomically, so a retried or duplicated job never sends twice; SENT is final. Right before the
 * platform calls of a wave, one statement records their dispatch, fenced by the claim's attempt
 * number (a worker whose lease was taken over sends nothing). Per reply (deliver-reply.ts): sent;
 * back to DRAFT when an automated reply is outside the platform's window; back to QUEUED with a
 * delayed job when rate-limited; FAILED for good (the channel marked NEEDS_REAUTH only when no
 * refresh can help; inbound keeps flowing); back to QUEUED for the job's retry when the failure
 * is known to have come before the platform took it; DELIVERY_UNKNOWN when the platform may have
 * posted it (never re-sent on its own). One result per item.
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

  const publisher = handlerPublisher(jobs.publish);
  const started = Date.now();
  const attempts: Attempt[] = [];
  for (let i = 0; i < claimed.length; i += SEND_CONCURRENCY) {
    const wave = claimed.slice(i, i + SEND_CONCURRENCY);
    if (Date.now() - started > SEND_BUDGET_MS) {
      attempts.push(...wave.map((reply): Attempt => ({ reply, kind: "retry", error: new Error("Not sent: the batch's time budget ran out") })));
      continue;
    }
    const prepared = await Promise.all(wave.map((reply) => prepareReply(workspaceId, reply, publisher)));
    attempts.push(...prepared.filter((p): p is Attempt => !isPrepared(p)));
    const ready = prepared.filter(isPrepared);
    const dispatched = await markDispatched(workspaceId, ready).catch((error: unknown) => {
      // Nothing was called: the replies stay SENDING, undispatched, and are claimed again after the lease.
      attempts.push(...ready.map((p): Attempt => ({ reply: p.reply, kind: "retry", error })));
      return new Set<string>();
    });
    for (const p of ready) if (!dispatched.has(p.reply.id) && !attempts.some((a) => a.reply.id === p.reply.id)) attempts.push({ reply: p.reply, kind: "lost" });
    attempts.push(...(await Promise.all(ready.filter((p) => dispatched.has(p.reply.id)).map((p) => dispatchReply(workspaceId, p, publisher)))));
  }
  await withTenantSqlOutbox({ workspaceId }, publisher, (tx, outbox) => recordSendOutcomes(tx, outbox, workspaceId, attempts));

  // Rate-limited replies are QUEUED again (committed above); a delayed job sends them no sooner
  // than the platform allows. The queue's own retry backoff cannot wait per item, so the item
  // is answered ok once that job is published; a failed publish is retried by the job instead
  // (and the sweeper re-publishes a QUEUED reply left without a job).
  const limited = attempts.flatMap((a) => (a.kind === "rate-limited" ? [a] : []));
  let republishError: unknown = null;
  if (limited.length > 0) {
    await jobs
      .publish("send-reply", limited.map((a) => ({ payload: { workspaceId, replyId: a.reply.id }, opts: { delaySeconds: a.retryAfterSeconds, dedupId: `${a.reply.id}.rate-limited.${a.reply.attempts}` } })))
      .catch((error: unknown) => {
        republishError = error;
      });
  }

  for (const a of attempts) {
    if (a.kind === "sent" || a.kind === "draft" || a.kind === "lost") {
      results.set(a.reply.id, { ok: true });
    } else if (a.kind === "unknown") {
      // Settled for this job: a person (or the platform's echo) decides; a retry must not resend it.
      results.set(a.reply.id, { ok: true });
      log.warn({ workspaceId, replyId: a.reply.id, errorName: a.error instanceof Error ? a.error.name : "Error" }, "reply send outcome unknown; left for a person to check");
    } else if (a.kind === "rate-limited") {
      results.set(a.reply.id, republishError === null ? { ok: true } : { ok: false, error: republishError });
      log.info({ workspaceId, replyId: a.reply.id, retryAfterSeconds: a.retryAfterSeconds }, "reply send rate-limited; re-queued with a delay");
    } else if (a.kind === "failed") {
      results.set(a.reply.id, { ok: false, error: new PermanentJobError(a.error.message, { code: a.error.name, cause: a.error }) });
    } else {
      results.set(a.reply.id, { ok: false, error: a.error });
      log.warn({ workspaceId, replyId: a.reply.id, errorName: a.error instanceof Error ? a.error.name : "Error" }, "reply send failed; will retry");
    }
  }
  return results;
}

async function claimReplies(tx: RawSql, workspaceId: string, ids: string[]): Promise<ClaimedReply[]> {
  const now = new Date();
  return tx.$queryRaw<ClaimedReply[]>`
    WITH claimed AS (
      UPDATE replies SET status = 'SENDING', attempts = attempts + 1, "dispatchedAt" = NULL, "updatedAt" = ${now}::timestamp(3)
      WHERE id = ANY(${ids}::text[]) AND "workspaceId" = ${workspaceId}
        AND (status = 'QUEUED' OR (status = 'SENDING' AND "dispatchedAt" IS NULL AND "updatedAt" < ${new Date(now.getTime() - STALE_SENDING_MS)}::timestamp(3)))
      RETURNING id, "conversationId", "inReplyToId", "textEnc", "approvedById", source, attempts
    )
    SELECT cl.id, cl."conversationId", im."platformMessageId" AS "inReplyToPmid", cl."textEnc", cl."approvedById", cl.source::text AS source, cl.attempts,
           c.kind::text AS kind, c."externalThreadId", c."lastInboundAt", ct."platformUserIdEnc",
           ch.id AS "channelId", ch.platform::text AS platform, ch."externalId", ch.status::text AS status,
           ch."accessTokenEnc", ch."refreshTokenEnc", ch."tokenExpiresAt", ch."secretEnc"
    FROM claimed cl
    JOIN conversations c ON c.id = cl."conversationId" AND c."workspaceId" = ${workspaceId}
    JOIN channels ch ON ch.id = c."channelId" AND ch."workspaceId" = ${workspaceId}
    JOIN contacts ct ON ct.id = c."contactId" AND ct."workspaceId" = ${workspaceId}
    LEFT JOIN messages im ON im.id = cl."inReplyToId" AND im."workspaceId" = ${workspaceId}`;
}

/**
 * Records that the platform calls of these replies start now, in one statement committed before
 * any call: from here on an expired lease means "may have been posted", never "claim again".
 * Fenced by the claim's attempt number: a reply whose lease another worker took over is left out.
 */
async function markDispatched(workspaceId: string, ready: readonly PreparedReply[]): Promise<Set<string>> {
  if (ready.length === 0) return new Set();
  const rows = await withTenantSql({ workspaceId }, (tx) => tx.$queryRaw<Array<{ id: string }>>`
    UPDATE replies r SET "dispatchedAt" = ${new Date()}::timestamp(3)
    FROM unnest(${ready.map((p) => p.reply.id)}::text[], ${ready.map((p) => p.reply.attempts)}::int[]) AS u(id, attempts)
    WHERE r.id = u.id AND r."workspaceId" = ${workspaceId} AND r.status = 'SENDING' AND r.attempts = u.attempts AND r."dispatchedAt" IS NULL
    RETURNING r.id`);
  return new Set(rows.map((r) => r.id));
}
