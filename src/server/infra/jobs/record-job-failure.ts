import { withTenant } from "../db/tenant";
import { logger } from "../logger";
import type { JobFailure } from "../queue/queue-port";
import { processMessagePayload, sendReplyPayload } from "./payloads";
import { realtime } from "../runtime/ports";

/**
 * A job that failed for good leaves a visible trace: the message (or reply) is marked FAILED
 * with the error, so it shows in the inbox instead of silently disappearing. Idempotent.
 */
export async function recordJobFailure(failure: JobFailure): Promise<void> {
  const error = `${failure.error.name}: ${failure.error.message}`.slice(0, 500);
  logger.error({ job: failure.name, jobId: failure.jobId, attempts: failure.attempts, errorName: failure.error.name }, "job failed permanently");
  if (failure.name === "process-message") {
    const p = processMessagePayload.safeParse(failure.payload);
    if (!p.success) return;
    const message = await withTenant({ workspaceId: p.data.workspaceId }, (tx) =>
      tx.message.updateManyAndReturn({ where: { id: p.data.messageId, workspaceId: p.data.workspaceId, status: { not: "PROCESSED" } }, data: { status: "FAILED", error }, select: { conversationId: true } }),
    );
    if (message[0]) await realtime().publish(p.data.workspaceId, { type: "conversation.updated", conversationId: message[0].conversationId }).catch(() => undefined);
  }
  if (failure.name === "send-reply") {
    const p = sendReplyPayload.safeParse(failure.payload);
    if (!p.success) return;
    const failed = await withTenant({ workspaceId: p.data.workspaceId }, (tx) =>
      // A SENDING reply whose platform call started may have been posted: the sweeper settles it, never FAILED here.
      tx.reply.updateManyAndReturn({ where: { id: p.data.replyId, workspaceId: p.data.workspaceId, OR: [{ status: "QUEUED" }, { status: "SENDING", dispatchedAt: null }] }, data: { status: "FAILED", error }, select: { conversationId: true } }),
    );
    if (failed[0]) await realtime().publish(p.data.workspaceId, { type: "conversation.updated", conversationId: failed[0].conversationId }).catch(() => undefined);
  }
}
