import type { Logger } from "pino";
import type { ScoreInput } from "@/agents/scorer/types";
import { createGroupCommit } from "../infra/batching/group-commit";
import { runPerWorkspace } from "../infra/batching/run-per-workspace";
import { connectorFor } from "../channels/registry";
import { withTenantSql } from "../infra/db/sql";
import { searchArticlesMany, type RetrievedSnippet } from "../knowledge/knowledge";
import { rehydrateReply } from "@/shared/privacy/rehydrate";
import type { JobHandlerContext } from "../infra/jobs/catalog";
import type { BatchItem, BatchItemResult } from "../infra/queue/define-job";
import { PermanentJobError } from "../infra/queue/define-job";
import { handlerPublisher } from "../infra/outbox/publishers";
import { withTenantSqlOutbox } from "../infra/outbox/with-outbox";
import { decideAutoSend } from "./decide-auto-send";
import { loadMessageContexts, type MessageContext } from "./load-message-contexts";
import { anonymiseWithHistory, loadContactHistories, loadConversationHistories, type RawTurn } from "./load-message-histories";
import { persistOutcomes, type ProcessedMessage } from "./persist-outcomes";
import { runAgents } from "./run-agents";

export type ProcessMessagePayload = { workspaceId: string; messageId: string };

type Result = BatchItemResult;
type Histories = { contact: Map<string, ScoreInput["history"]>; turns: Map<string, RawTurn[]> };
const ok: Result = { ok: true };

/**
 * The `process-message` job (docs/architecture.md#the-flow-of-one-message), for a batch of messages: anonymise, run the
 * agents, decide, persist, notify, and queue the sends when auto-replying. The database work is
 * per batch and per workspace (one read transaction, one for the histories, one write
 * transaction), so its cost per message shrinks as the queue hands over larger batches.
 * Idempotent: a processed message is left alone, and all of a batch's writes happen in one
 * transaction at the end, so a retry after a failure starts clean. One result per item, in order.
 * Send jobs and inbox updates are recorded in the write transaction and relayed after commit
 * through `jobs.publish`, handed over by the job binding (jobs/bind-handlers.ts).
 */
export function processMessages(items: ReadonlyArray<BatchItem<ProcessMessagePayload>>, ctx: { log: Logger }, jobs: JobHandlerContext): Promise<Result[]> {
  return runPerWorkspace(items, (p) => p.messageId, (workspaceId, ids) => processWorkspaceBatch(workspaceId, ids, ctx.log, jobs));
}

async function processWorkspaceBatch(workspaceId: string, ids: string[], log: Logger, jobs: JobHandlerContext): Promise<Map<string, Result>> {
  const results = new Map<string, Result>();
  const contexts = await withTenantSql({ workspaceId }, (tx) => loadMessageContexts(tx, workspaceId, ids));
  for (const id of ids) {
    const found = contexts.get(id);
    if (!found) results.set(id, { ok: false, error: new PermanentJobError("Message not found in this workspace", { code: "MESSAGE_NOT_FOUND" }) });
    else if (found.message.status === "PROCESSED") results.set(id, ok);
  }
  // Processed by an earlier delivery whose send job never got queued (the publish failed): queue it now.
  const unsent = [...contexts.values()].filter((c) => c.message.status === "PROCESSED" && c.message.queuedReplyId).map((c) => c.message.queuedReplyId!);
  if (unsent.length > 0) await jobs.publish("send-reply", unsent.map((replyId) => ({ payload: { workspaceId, replyId }, opts: { dedupId: replyId } })));
  const unprocessed = [...contexts.values()].filter((c) => c.message.status !== "PROCESSED");
  if (unprocessed.length === 0) return results;

  // The histories load once for the batch (each message is anonymised with its history); knowledge lookups of the batch share statements.
  const histories = withTenantSql({ workspaceId }, async (tx) => ({ contact: await loadContactHistories(tx, workspaceId, unprocessed), turns: await loadConversationHistories(tx, workspaceId, unprocessed) }));
  histories.catch(() => undefined); // awaited per message below; this only stops an unhandled rejection
  const searchKnowledge = createGroupCommit(
    (queries: string[]) => withTenantSql({ workspaceId }, (tx) => searchArticlesMany(tx, workspaceId, queries, 3)).then((found) => found.map((value) => ({ ok: true as const, value }))),
    { maxBatch: 100 },
  );

  const processed: ProcessedMessage[] = [];
  await Promise.all(
    unprocessed.map(async (c) => {
      try {
        processed.push(await runMessage(c, histories, searchKnowledge));
      } catch (error) {
        log.warn({ workspaceId, messageId: c.message.id, errorName: error instanceof Error ? error.name : "Error" }, "agents failed for a message");
        results.set(c.message.id, { ok: false, error });
      }
    }),
  );

  // The results, the send jobs of auto-sent replies and the inbox updates commit together.
  const intents = new Map(processed.map((p) => [p.messageId, p.outcome.intent]));
  const saved = await withTenantSqlOutbox({ workspaceId }, handlerPublisher(jobs.publish), async (tx, outbox) => {
    const rows = await persistOutcomes(tx, workspaceId, processed);
    for (const s of rows) {
      if (s.reply?.status === "QUEUED") outbox.job("send-reply", { workspaceId, replyId: s.reply.id }, s.reply.id);
      outbox.event({ type: "message.processed", conversationId: s.conversationId, messageId: s.messageId, intent: intents.get(s.messageId)! });
      if (s.leadId) outbox.event({ type: "lead.updated", leadId: s.leadId });
      if (s.reply) outbox.event({ type: "reply.drafted", conversationId: s.conversationId, replyId: s.reply.id });
    }
    return rows;
  });
  for (const p of processed) results.set(p.messageId, ok);
  log.debug({ workspaceId, messages: saved.length }, "messages processed");
  return results;
}

/**
 * The agents for one message. Nothing personal reaches a model: personal data in the message and
 * its history (privacy/README.md lists what) becomes placeholders, numbered once for the whole
 * conversation, so the agents start once the history has loaded; the reply is re-hydrated under
 * the PII policy with that same mapping.
 */
async function runMessage(ctx: MessageContext, histories: Promise<Histories>, searchKnowledge: (query: string) => Promise<RetrievedSnippet[]>): Promise<ProcessedMessage> {
  const id = ctx.message.id;
  const loaded = await histories;
  const anonymised = anonymiseWithHistory(ctx, loaded.turns.get(id) ?? []);
  const outcome = await runAgents({
    ctx, text: anonymised.text, searchKnowledge,
    history: Promise.resolve(anonymised.history),
    contactHistory: Promise.resolve(loaded.contact.get(id) ?? { previousMessages: 0, businessReplies: 0, contactRepliesAfterBusiness: 0 }),
  });
  const connector = connectorFor(ctx.channel.platform);
  let reply: ProcessedMessage["reply"] = null;
  if (outcome.reply) {
    const decision = decideAutoSend({
      workspaceAutoReply: ctx.workspace.autoReplyEnabled,
      channelAutoReply: ctx.channel.autoReplyEnabled,
      channelActive: ctx.channel.status === "ACTIVE",
      conversationPaused: ctx.conversation.autoReplyPaused,
      intent: outcome.intent,
      confidence: outcome.confidence,
      threshold: ctx.workspace.autoReplyThreshold,
      complaint: outcome.complaint.complaint,
      autoReplyComplaints: ctx.workspace.autoReplyComplaints,
      reply: outcome.reply,
      hoursSinceMessage: (Date.now() - ctx.message.sentAt.getTime()) / 3_600_000,
      replyWindowHours: connector?.capabilities.replyWindowHours ?? null,
    });
    const visibility = ctx.conversation.kind === "DM" ? "private" : "public";
    reply = {
      text: rehydrateReply(outcome.reply.text, anonymised.mapping, visibility),
      flags: decision.send ? outcome.reply.flags : [...outcome.reply.flags, `draft: ${decision.reason}`],
      handoff: outcome.reply.handoff,
      send: decision.send,
      draftReason: decision.send ? null : decision.reason,
    };
  }
  return { messageId: id, conversationId: ctx.conversation.id, contactId: ctx.contact.id, sentAt: ctx.message.sentAt, outcome, reply };
}
