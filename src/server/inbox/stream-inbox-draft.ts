import type { AgentRunRecord } from "@/agents/llm/agent-run-record";
import { streamDraftReply } from "@/agents/reply/stream-draft-reply";
import type { Role } from "@/generated/prisma/client";
import { agentDepsFor, knowledgeFor, replyRequest } from "../ai/reply-recipe";
import { recordAgentRuns } from "../ai/record-agent-runs";
import { recordAudit } from "../audit/record-audit";
import { encrypt } from "../infra/crypto/field-crypto";
import { withTenant } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import { searchArticles } from "../knowledge/knowledge";
import { loadMessageContexts } from "../pipeline/load-message-contexts";
import { anonymiseWithHistory, loadHistories } from "../pipeline/load-message-histories";
import { rehydrateReply } from "@/shared/privacy/rehydrate";
import { appPublisher } from "../infra/outbox/app-publisher";
import { withTenantOutbox } from "../infra/outbox/with-outbox";
import { visibleConversations } from "./list-conversations";
import { toAgentIntent, type IntentValue } from "@/shared/vocabulary";

/**
 * "Draft with AI" from the inbox: streams a reply to the conversation's latest customer message
 * (anonymised, grounded in the knowledge base), then stores the guardrail-checked result as a
 * DRAFT for the agent to approve or edit.
 */
export async function streamInboxDraft(actor: { workspaceId: string; userId: string; role: Role }, conversationId: string): Promise<ReadableStream<Uint8Array>> {
  const { workspaceId } = actor;
  const ctx = await withTenant(actor, async (tx) => {
    const visible = await tx.conversation.count({ where: { id: conversationId, ...visibleConversations(workspaceId, actor.role, actor.userId) } });
    if (!visible) return null;
    const last = await tx.message.findFirst({ where: { workspaceId, conversationId, direction: "INBOUND" }, orderBy: { sentAt: "desc" }, select: { id: true } });
    return last ? ((await loadMessageContexts(tx, workspaceId, [last.id])).get(last.id) ?? null) : null;
  });
  if (!ctx) throw new AppError("NOT_FOUND", "No customer message to reply to in that conversation.");
  // The message and its history are anonymised together (one mapping for the conversation), then
  // the knowledge is searched with the anonymised message.
  const { anonymised, knowledge } = await withTenant(actor, async (tx) => {
    const { turns } = await loadHistories(tx, workspaceId, [ctx]);
    const anonymised = anonymiseWithHistory(ctx, turns.get(ctx.message.id) ?? []);
    return { anonymised, knowledge: await knowledgeFor(anonymised.text, (query) => searchArticles(tx, workspaceId, query, 3)) };
  });
  const runs: AgentRunRecord[] = [];
  const intent = ctx.message.intent ? toAgentIntent(ctx.message.intent as IntentValue) : "other";
  const [request, options] = replyRequest(ctx, { text: anonymised.text, intent, knowledge, history: anonymised.history });
  const draft = streamDraftReply(request, options, agentDepsFor(ctx, "reply", runs));
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await draft.chunks.next();
      if (!next.done) return controller.enqueue(encoder.encode(next.value));
      const result = await draft.result();
      const visibility = options.surface === "DM" ? "private" : "public";
      const reply = await withTenantOutbox(actor, appPublisher(), async (tx, outbox) => {
        await recordAgentRuns(tx, workspaceId, ctx.message.id, runs);
        const created = await tx.reply.create({
          data: {
            workspaceId, conversationId, inReplyToId: ctx.message.id, source: "AI", status: "DRAFT",
            textEnc: encrypt(rehydrateReply(result.text, anonymised.mapping, visibility)), handoff: result.handoff, flags: result.flags, authorId: actor.userId,
          },
          select: { id: true },
        });
        await recordAudit(tx, workspaceId, { actor: { type: "AI" }, action: "ai.reply.draft_streamed", target: { type: "reply", id: created.id }, metadata: { requestedBy: actor.userId } });
        outbox.event({ type: "reply.drafted", conversationId, replyId: created.id });
        return created;
      });
      void reply;
      controller.close();
    },
  });
}
