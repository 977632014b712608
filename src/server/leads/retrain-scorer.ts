import { serialiseModel } from "@/agents/scorer/logistic-model";
import { trainScorer, type TrainingExample } from "@/agents/scorer/training/train-scorer";
import { recordAudit } from "../audit/record-audit";
import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import { withTenant, type Tx } from "../infra/db/tenant";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";
import type { Intent, Platform } from "@/generated/prisma/client";
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

/** Leads read per retraining: a bound on one job's memory and time. */
const MAX_TRAINING_LEADS = 20_000;

type TrainingRow = {
  status: "WON" | "LOST"; displayNameEnc: string | null; followers: number | null; verified: boolean; platform: string;
  textEnc: string | null; intent: string | null; intentConfidence: number | null; sentAt: Date; inbound: number; firstAt: Date; sent: number;
};

/**
 * The training examples of a workspace's won and lost leads, in one statement whatever their
 * number: per lead, the last processed inbound message of its contact (with how many came before
 * and since when) and how many replies the business sent. A lead whose last message has no
 * intent yet is left out.
 */
export async function loadTrainingExamples(tx: Tx, workspaceId: string): Promise<TrainingExample[]> {
  const rows = await tx.$queryRaw<TrainingRow[]>`
    WITH l AS (
      SELECT id, status::text AS status, "contactId" FROM leads
      WHERE "workspaceId" = ${workspaceId} AND status IN ('WON', 'LOST') ORDER BY id LIMIT ${MAX_TRAINING_LEADS}
    ),
    m AS (
      SELECT c."contactId", m."textEnc", m.intent::text AS intent, m."intentConfidence", m."sentAt",
             row_number() OVER (PARTITION BY c."contactId" ORDER BY m."sentAt" DESC, m.id DESC) AS rn,
             count(*) OVER (PARTITION BY c."contactId")::int AS inbound,
             min(m."sentAt") OVER (PARTITION BY c."contactId") AS "firstAt"
      FROM messages m JOIN conversations c ON c.id = m."conversationId" AND c."workspaceId" = ${workspaceId}
      WHERE m."workspaceId" = ${workspaceId} AND m.direction = 'INBOUND' AND m.status = 'PROCESSED' AND c."contactId" IN (SELECT "contactId" FROM l)
    ),
    r AS (
      SELECT c."contactId", count(*)::int AS sent
      FROM replies r JOIN conversations c ON c.id = r."conversationId" AND c."workspaceId" = ${workspaceId}
      WHERE r."workspaceId" = ${workspaceId} AND r.status = 'SENT' AND c."contactId" IN (SELECT "contactId" FROM l)
      GROUP BY c."contactId"
    )
    SELECT l.status, ct."displayNameEnc", ct.followers, ct.verified, ch.platform::text AS platform,
           m."textEnc", m.intent, m."intentConfidence", m."sentAt", m.inbound, m."firstAt", COALESCE(r.sent, 0)::int AS sent
    FROM l
    JOIN contacts ct ON ct.id = l."contactId" AND ct."workspaceId" = ${workspaceId}
    JOIN channels ch ON ch.id = ct."channelId" AND ch."workspaceId" = ${workspaceId}
    JOIN m ON m."contactId" = l."contactId" AND m.rn = 1
    LEFT JOIN r ON r."contactId" = l."contactId"
    ORDER BY l.id`;
  return rows.flatMap((row): TrainingExample[] => {
    if (!row.intent) return [];
    const known = { names: [decryptOptional(row.displayNameEnc)].filter((n): n is string => !!n) };
    return [{
      won: row.status === "WON",
      input: {
        intent: toAgentIntent(row.intent as Intent),
        confidence: row.intentConfidence ?? 0.5,
        text: row.textEnc ? anonymise(decrypt(row.textEnc), known).text : "",
        platform: toAgentPlatform(row.platform as Platform),
        profile: { followers: row.followers ?? undefined, verified: row.verified },
        history: {
          previousMessages: row.inbound - 1,
          daysSinceFirstContact: (row.sentAt.getTime() - row.firstAt.getTime()) / 86_400_000,
          businessReplies: row.sent,
          contactRepliesAfterBusiness: 0,
        },
      },
    }];
  });
}

/**
 * Retrains the workspace's lead scorer from its own won/lost marks (the `retrain-scorer` job,
 * `npm run scorer:retrain`; the tRPC `leads.retrainScorer` only queues the job). Its data comes in
 * one statement (loadTrainingExamples), so a workspace with thousands of outcomes costs a handful
 * of queries. Below the minimum it keeps the current model, says why and records it
 * (`scorer.retrain_skipped`, shown on the leads page).
 */
export async function retrainScorer(workspaceId: string, actorUserId: string | null) {
  // Read, train, write: training is CPU work of seconds on a large workspace, so it holds no transaction open.
  const examples = await withTenant({ workspaceId }, (tx) => loadTrainingExamples(tx, workspaceId));
  const result = trainScorer(examples, { trainedOn: `workspace outcomes (${examples.length} leads)` });
  const actor = actorUserId ? { type: "USER" as const, id: actorUserId } : { type: "SYSTEM" as const };
  if ("skipped" in result) {
    await withTenant({ workspaceId }, (tx) => recordAudit(tx, workspaceId, { actor, action: "scorer.retrain_skipped", metadata: { examples: examples.length, reason: result.reason } }));
    return { trained: false as const, reason: result.reason, examples: examples.length };
  }
  const model = JSON.parse(serialiseModel(result.model)) as object;
  await withTenant({ workspaceId }, async (tx) => {
    await tx.scorerModel.upsert({
      where: { workspaceId },
      create: { workspaceId, model, metrics: result.metrics, examples: examples.length },
      update: { model, metrics: result.metrics, examples: examples.length, trainedAt: new Date() },
    });
    await recordAudit(tx, workspaceId, { actor, action: "scorer.retrain", metadata: { examples: examples.length, auc: Number(result.metrics.auc.toFixed(3)) } });
  });
  return { trained: true as const, metrics: result.metrics, examples: examples.length };
}
