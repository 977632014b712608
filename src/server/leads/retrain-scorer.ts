import { serialiseModel } from "@/agents/scorer/logistic-model";
import { trainScorer, type TrainingExample } from "@/agents/scorer/training/train-scorer";
import { recordAudit } from "../audit/record-audit";
import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import { withTenant, type Tx } from "../infra/db/tenant";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";
import { anonymise } from "@/shared/privacy/anonymise";
import { toAgentIntent, toAgentPlatform } from "@/shared/vocabulary";

/** Requests of one workspace within this window share one job (double clicks, outcomes arriving together). */
const RETRAIN_WINDOW_MS = 60_000;

/**
 * Queues the `retrain-scorer` job in the caller's transaction (`leads.retrainScorer`): training
 * reads every marked lead and takes seconds to minutes, too long for a request.
 */
export function queueScorerRetraining(outbox: OutboxWriter, workspaceId: string, requestedBy: string | null, now = new Date()) {
  outbox.job("retrain-scorer", { workspaceId, requestedBy }, `${workspaceId}.retrain-scorer.${requestedBy ? "manual" : "auto"}.${Math.floor(now.getTime() / RETRAIN_WINDOW_MS)}`);
  return { queued: true as const };
}

/**
 * The workspace's current model (when it was trained, on how many leads, how it scored on the
 * held-out ones), and the latest retraining that kept it because there were too few outcomes.
 */
export async function lastScorerTraining(tx: Tx, workspaceId: string) {
  const model = await tx.scorerModel.findUnique({ where: { workspaceId }, select: { trainedAt: true, examples: true, metrics: true } });
  const skipped = await tx.auditLog.findFirst({ where: { workspaceId, action: "scorer.retrain_skipped" }, orderBy: { createdAt: "desc" }, select: { createdAt: true, metadata: true } });
  const metrics = (model?.metrics ?? {}) as { auc?: number; accuracy?: number; heldOut?: number };
  const reason = (skipped?.metadata as { reason?: unknown } | null)?.reason;
  return {
    model: model ? { trainedAt: model.trainedAt, examples: model.examples, auc: metrics.auc ?? null, accuracy: metrics.accuracy ?? null, heldOut: metrics.heldOut ?? null } : null,
    lastSkipped: skipped && (!model || skipped.createdAt > model.trainedAt) ? { at: skipped.createdAt, reason: typeof reason === "string" ? reason : "too few outcomes" } : null,
  };
}

/**
 * Retrains the workspace's lead scorer from its own won/lost marks (the `retrain-scorer` job,
 * `npm run scorer:retrain`). Below the minimum it keeps the current model, says why and records
 * it (`scorer.retrain_skipped`, shown on the leads page).
 */
export async function retrainScorer(workspaceId: string, actorUserId: string | null) {
  return withTenant({ workspaceId }, async (tx) => {
    const leads = await tx.lead.findMany({
      where: { workspaceId, status: { in: ["WON", "LOST"] } },
      include: { contact: { include: { channel: { select: { platform: true } }, conversations: { where: { workspaceId }, select: { id: true } } } } },
      take: 20_000,
    });
    const examples: TrainingExample[] = [];
    for (const lead of leads) {
      const conversationIds = lead.contact.conversations.map((c) => c.id);
      const inbound = await tx.message.findMany({
        where: { workspaceId, conversationId: { in: conversationIds }, direction: "INBOUND", status: "PROCESSED" },
        orderBy: { sentAt: "asc" },
        select: { textEnc: true, intent: true, intentConfidence: true, sentAt: true },
      });
      const last = inbound.at(-1);
      if (!last?.intent) continue;
      const sent = await tx.reply.count({ where: { workspaceId, conversationId: { in: conversationIds }, status: "SENT" } });
      const known = { names: [decryptOptional(lead.contact.displayNameEnc)].filter((n): n is string => !!n) };
      examples.push({
        won: lead.status === "WON",
        input: {
          intent: toAgentIntent(last.intent),
          confidence: last.intentConfidence ?? 0.5,
          text: last.textEnc ? anonymise(decrypt(last.textEnc), known).text : "",
          platform: toAgentPlatform(lead.contact.channel.platform),
          profile: { followers: lead.contact.followers ?? undefined, verified: lead.contact.verified },
          history: {
            previousMessages: inbound.length - 1,
            daysSinceFirstContact: (last.sentAt.getTime() - inbound[0]!.sentAt.getTime()) / 86_400_000,
            businessReplies: sent,
            contactRepliesAfterBusiness: 0,
          },
        },
      });
    }
    const result = trainScorer(examples, { trainedOn: `workspace outcomes (${examples.length} leads)` });
    if ("skipped" in result) {
      await recordAudit(tx, workspaceId, {
        actor: actorUserId ? { type: "USER", id: actorUserId } : { type: "SYSTEM" },
        action: "scorer.retrain_skipped",
        metadata: { examples: examples.length, reason: result.reason },
      });
      return { trained: false as const, reason: result.reason, examples: examples.length };
    }
    const model = JSON.parse(serialiseModel(result.model)) as object;
    await tx.scorerModel.upsert({
      where: { workspaceId },
      create: { workspaceId, model, metrics: result.metrics, examples: examples.length },
      update: { model, metrics: result.metrics, examples: examples.length, trainedAt: new Date() },
    });
    await recordAudit(tx, workspaceId, {
      actor: actorUserId ? { type: "USER", id: actorUserId } : { type: "SYSTEM" },
      action: "scorer.retrain",
      metadata: { examples: examples.length, auc: Number(result.metrics.auc.toFixed(3)) },
    });
    return { trained: true as const, metrics: result.metrics, examples: examples.length };
  });
}
