import { anonymise } from "../privacy/anonymise";
import { rehydrateReply } from "../privacy/rehydrate";
import { recordAudit } from "../audit/record-audit";
import { connectorFor } from "../channels/registry";
import { encrypt } from "../crypto/field-crypto";
import { withTenant } from "../db/tenant";
import type { JobContext } from "../queue/define-job";
import { PermanentJobError } from "../queue/define-job";
import { recordAgentRuns } from "../ai/record-agent-runs";
import { realtime } from "../runtime/ports";
import { publishJob } from "../runtime/queue";
import { decideAutoSend } from "./decide-auto-send";
import { loadConversationHistory } from "./load-conversation-history";
import { loadMessageContext } from "./load-message-context";
import { runAgents } from "./run-agents";

const INTENT_ENUM = { sales: "SALES", support: "SUPPORT", spam: "SPAM", other: "OTHER" } as const;
const TIER_ENUM = { hot: "HOT", warm: "WARM", cold: "COLD" } as const;

/**
 * The `process-message` job (DESIGN.md section 3): anonymise, run the agents, decide, persist,
 * notify, and queue the send when auto-replying. Idempotent: a processed message is left alone,
 * and every write happens in one transaction at the end, so a retry after a failure starts clean.
 */
export async function processMessage(payload: { workspaceId: string; messageId: string }, job: JobContext): Promise<void> {
  const { workspaceId, messageId } = payload;
  const ctx = await withTenant({ workspaceId }, async (tx) => {
    const loaded = await loadMessageContext(tx, messageId);
    if (loaded && loaded.message.status !== "PROCESSED") {
      await tx.message.update({ where: { id: messageId }, data: { status: "PROCESSING" } });
    }
    return loaded;
  });
  if (!ctx) throw new PermanentJobError("Message not found in this workspace", { code: "MESSAGE_NOT_FOUND" });
  if (ctx.message.status === "PROCESSED") return;

  // Nothing personal reaches a model: names, handles, emails, phones, cards and identifying URLs
  // become placeholders; the reply is re-hydrated under the PII policy afterwards.
  const anonymised = anonymise(ctx.text, ctx.known);
  const history = await withTenant({ workspaceId }, (tx) => loadConversationHistory(tx, ctx, ctx.known));
  const outcome = await runAgents(ctx, anonymised.text, history);

  const connector = connectorFor(ctx.channel.platform);
  const visibility = ctx.conversation.kind === "DM" ? "private" : "public";
  const decision = outcome.reply
    ? decideAutoSend({
        workspaceAutoReply: ctx.workspace.autoReplyEnabled,
        channelAutoReply: ctx.channel.autoReplyEnabled,
        channelActive: ctx.channel.status === "ACTIVE",
        conversationPaused: ctx.conversation.autoReplyPaused,
        intent: outcome.intent,
        confidence: outcome.confidence,
        threshold: ctx.workspace.autoReplyThreshold,
        reply: outcome.reply,
        hoursSinceMessage: (Date.now() - ctx.message.sentAt.getTime()) / 3_600_000,
        replyWindowHours: connector?.replyWindowHours ?? null,
      })
    : null;

  const saved = await withTenant({ workspaceId }, async (tx) => {
    const current = await tx.message.findUniqueOrThrow({ where: { id: messageId }, select: { status: true } });
    if (current.status === "PROCESSED") return null; // a concurrent delivery finished first
    await tx.message.update({
      where: { id: messageId },
      data: { status: "PROCESSED", intent: INTENT_ENUM[outcome.intent], intentConfidence: outcome.confidence, processedAt: new Date(), error: null },
    });
    await recordAgentRuns(tx, workspaceId, messageId, outcome.runs);
    const lead = await tx.lead.update({
      where: { contactId: ctx.contact.id },
      data: {
        tier: TIER_ENUM[outcome.score.tier], score: outcome.score.score, reason: outcome.score.reason, tags: outcome.score.tags,
        lastIntent: INTENT_ENUM[outcome.intent], changedAt: new Date(), crmSyncState: "PENDING",
      },
      select: { id: true },
    });
    let reply: { id: string; status: string } | null = null;
    if (outcome.reply && decision) {
      const text = rehydrateReply(outcome.reply.text, anonymised.mapping, visibility);
      const flags = decision.send ? outcome.reply.flags : [...outcome.reply.flags, `draft: ${decision.reason}`];
      reply = await tx.reply.create({
        data: {
          workspaceId, conversationId: ctx.conversation.id, inReplyToId: messageId, aiForMessageId: messageId, source: "AI",
          status: decision.send ? "QUEUED" : "DRAFT", textEnc: encrypt(text), handoff: outcome.reply.handoff, flags,
        },
        select: { id: true, status: true },
      });
    }
    await recordAudit(tx, workspaceId, {
      actor: { type: "AI" },
      action: reply ? (decision?.send ? "ai.reply.auto_send" : "ai.reply.draft") : "ai.message.classified",
      target: { type: "message", id: messageId },
      metadata: {
        intent: outcome.intent, confidence: Number(outcome.confidence.toFixed(3)), tier: outcome.score.tier, score: outcome.score.score,
        replyId: reply?.id ?? null, models: outcome.runs.map((r) => `${r.agent}:${r.provider}:${r.model}`),
        ...(decision && !decision.send ? { draftReason: decision.reason } : {}),
      },
    });
    return { leadId: lead.id, reply };
  });
  if (!saved) return;

  if (saved.reply?.status === "QUEUED") await publishJob("send-reply", { workspaceId, replyId: saved.reply.id }, { dedupId: saved.reply.id });
  const bus = realtime();
  const conversationId = ctx.conversation.id;
  await Promise.allSettled([
    bus.publish(workspaceId, { type: "message.processed", conversationId, messageId, intent: outcome.intent }),
    bus.publish(workspaceId, { type: "lead.updated", leadId: saved.leadId }),
    ...(saved.reply ? [bus.publish(workspaceId, { type: "reply.drafted", conversationId, replyId: saved.reply.id })] : []),
  ]);
  job.log.debug({ workspaceId, messageId, intent: outcome.intent }, "message processed");
}
