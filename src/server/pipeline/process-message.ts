import type { Logger } from "pino";
import { buildSearchQuery } from "@/agents/reply/build-search-query";
import type { ScoreInput } from "@/agents/scorer/types";
import { createGroupCommit } from "../infra/batching/group-commit";
import { runPerWorkspace } from "../infra/batching/run-per-workspace";
import { connectorFor } from "../channels/registry";
import { withTenantSql, type SqlTx } from "../infra/db/sql";
import { searchArticlesMany, type RetrievedSnippet } from "../knowledge/knowledge";
import { rehydrateReply } from "@/shared/privacy/rehydrate";
import type { JobHandlerContext } from "../infra/jobs/catalog";
import type { BatchItem, BatchItemResult } from "../infra/queue/define-job";
import { PermanentJobError } from "../infra/queue/define-job";
import { handlerPublisher } from "../infra/outbox/publishers";
import { withTenantSqlOutbox } from "../infra/outbox/with-outbox";
import { automationFor } from "../automation/automation-for-message";
import { decideAutoSend } from "./decide-auto-send";
import { loadMessageContexts, type MessageContext } from "./load-message-contexts";
import { anonymiseWithHistory, loadHistories, type AnonymisedMessage } from "./load-message-histories";
import { persistOutcomes, type ProcessedMessage } from "./persist-outcomes";
import { runAgents } from "./run-agents";

export type ProcessMessagePayload = { workspaceId: string; messageId: string };

type Result = BatchItemResult;
const ok: Result = { ok: true };

/**
 * The `process-message` job (docs/architecture.md#the-flow-of-one-message), for a batch of messages: anonymise, run the
 * agents, decide, persist, notify, and queue the sends when auto-replying. The database work is
 * per batch and per workspace (one read transaction for contexts, histories and knowledge,
 * one write transaction), so its cost per message shrinks as the queue hands over larger batches.
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
  const agentsFailed = (messageId: string, error: unknown) => {
    log.warn({ workspaceId, messageId, errorName: error instanceof Error ? error.name : "Error" }, "agents failed for a message");
    results.set(messageId, { ok: false, error });
  };
  const { contexts, inputs, failed, knowledge } = await withTenantSql({ workspaceId }, (tx) => loadBatchInputs(tx, workspaceId, ids));
  for (const id of ids) {
    const found = contexts.get(id);
    if (!found) results.set(id, { ok: false, error: new PermanentJobError("Message not found in this workspace", { code: "MESSAGE_NOT_FOUND" }) });
    else if (found.message.status === "PROCESSED") results.set(id, ok);
  }
  // Processed by an earlier delivery whose send job never got queued (the publish failed): queue it now.
  const unsent = [...contexts.values()].filter((c) => c.message.status === "PROCESSED" && c.message.queuedReplyId).map((c) => c.message.queuedReplyId!);
  if (unsent.length > 0) await jobs.publish("send-reply", unsent.map((replyId) => ({ payload: { workspaceId, replyId }, opts: { dedupId: replyId } })));
  for (const [id, error] of failed) agentsFailed(id, error);
  if (inputs.length === 0) return results;

  // Knowledge was looked up with the batch; a query the agents build otherwise (not expected) gets its own lookup.
  const searchMore = createGroupCommit(
    (queries: string[]) => withTenantSql({ workspaceId }, (tx) => searchArticlesMany(tx, workspaceId, queries, KNOWLEDGE_LIMIT)).then((found) => found.map((value) => ({ ok: true as const, value }))),
    { maxBatch: 100 },
  );
  const searchKnowledge = (query: string) => Promise.resolve(knowledge.get(query) ?? searchMore(query));

  const processed: ProcessedMessage[] = [];
  await Promise.all(
    inputs.map(async (input) => {
      try {
        processed.push(await runMessage(input, searchKnowledge));
      } catch (error) {
        agentsFailed(input.ctx.message.id, error);
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

/** A message ready for the agents: anonymised with its history, and the scorer's history features. */
type MessageInput = { ctx: MessageContext; anonymised: AnonymisedMessage; contactHistory: ScoreInput["history"] };

type BatchInputs = {
  contexts: Map<string, MessageContext>;
  inputs: MessageInput[];
  /** Messages whose input could not be prepared (anonymisation threw), with the error. */
  failed: Map<string, unknown>;
  /** Knowledge-base snippets by search query (`buildSearchQuery` of the anonymised text). */
  knowledge: Map<string, RetrievedSnippet[]>;
};

const KNOWLEDGE_LIMIT = 3;
const NO_HISTORY: ScoreInput["history"] = { previousMessages: 0, businessReplies: 0, contactRepliesAfterBusiness: 0 };

/**
 * Everything the batch reads, in one tenant transaction (one BEGIN/COMMIT and connection instead
 * of three): the contexts, then for the messages still to process their histories (each message
 * is anonymised with its history, so the knowledge query can be built) and the knowledge-base
 * lookups of them all in one statement. Messages the agents will not reply to (spam, low
 * confidence) are looked up too: one statement either way, and far cheaper than a second transaction.
 */
async function loadBatchInputs(tx: SqlTx, workspaceId: string, ids: string[]): Promise<BatchInputs> {
  const contexts = await loadMessageContexts(tx, workspaceId, ids);
  const unprocessed = [...contexts.values()].filter((c) => c.message.status !== "PROCESSED");
  const inputs: MessageInput[] = [];
  const failed = new Map<string, unknown>();
  if (unprocessed.length === 0) return { contexts, inputs, failed, knowledge: new Map() };
  const { contact, turns } = await loadHistories(tx, workspaceId, unprocessed);
  for (const ctx of unprocessed) {
    // One message that cannot be anonymised fails alone; the others go on.
    try {
      inputs.push({ ctx, anonymised: anonymiseWithHistory(ctx, turns.get(ctx.message.id) ?? []), contactHistory: contact.get(ctx.message.id) ?? NO_HISTORY });
    } catch (error) {
      failed.set(ctx.message.id, error);
    }
  }
  const queries = [...new Set(inputs.map((i) => buildSearchQuery(i.anonymised.text)).filter((q): q is string => q !== null))];
  const found = await searchArticlesMany(tx, workspaceId, queries, KNOWLEDGE_LIMIT);
  return { contexts, inputs, failed, knowledge: new Map(queries.map((q, i) => [q, found[i] ?? []])) };
}

/**
 * The agents for one message. Nothing personal reaches a model: personal data in the message and
 * its history (privacy/README.md lists what) becomes placeholders, numbered once for the whole
 * conversation, so the agents start once the history has loaded; the reply is re-hydrated under
 * the PII policy with that same mapping.
 */
async function runMessage(input: MessageInput, searchKnowledge: (query: string) => Promise<RetrievedSnippet[]>): Promise<ProcessedMessage> {
  const { ctx, anonymised } = input;
  const id = ctx.message.id;
  const outcome = await runAgents({
    ctx, text: anonymised.text, searchKnowledge,
    history: Promise.resolve(anonymised.history),
    contactHistory: Promise.resolve(input.contactHistory),
  });
  const connector = connectorFor(ctx.channel.platform);
  let reply: ProcessedMessage["reply"] = null;
  if (outcome.reply) {
    const visibility = ctx.conversation.kind === "DM" ? "private" : "public";
    const text = rehydrateReply(outcome.reply.text, anonymised.mapping, visibility);
    const decision = decideAutoSend({
      workspaceAutoReply: ctx.workspace.autoReplyEnabled,
      channelAutoReply: ctx.channel.autoReplyEnabled,
      channelActive: ctx.channel.status === "ACTIVE",
      conversationPaused: ctx.conversation.autoReplyPaused,
      intent: outcome.intent,
      confidence: outcome.confidence,
      automation: automationFor(ctx, outcome.intent, new Date()),
      complaint: outcome.complaint.complaint,
      autoReplyComplaints: ctx.workspace.autoReplyComplaints,
      reply: outcome.reply,
      hoursSinceMessage: (Date.now() - ctx.message.sentAt.getTime()) / 3_600_000,
      platform: ctx.channel.platform,
      surface: ctx.conversation.kind,
      capabilities: connector?.capabilities ?? null,
      sendText: text,
    });
    reply = {
      text,
      flags: decision.send ? outcome.reply.flags : [...outcome.reply.flags, `draft: ${decision.reason}`],
      handoff: outcome.reply.handoff,
      send: decision.send,
      draftReason: decision.send ? null : decision.reason,
    };
  }
  return { messageId: id, conversationId: ctx.conversation.id, contactId: ctx.contact.id, sentAt: ctx.message.sentAt, outcome, reply };
}
