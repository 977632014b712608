import type { AgentRunRecord } from "@/agents/llm/agent-run-record";
import { decideBudget } from "@/agents/llm/budget";
import { buildSearchQuery } from "@/agents/reply/build-search-query";
import { streamDraftReply } from "@/agents/reply/stream-draft-reply";
import type { Platform as AgentPlatform } from "@/agents/reply/types";
import type { Role } from "@/generated/prisma/client";
import { agentRuntime } from "../ai/agent-runtime";
import { recordAgentRuns } from "../ai/record-agent-runs";
import { recordAudit } from "../audit/record-audit";
import { encrypt } from "../crypto/field-crypto";
import { withTenant } from "../db/tenant";
import { AppError } from "../errors/app-error";
import { searchArticles } from "../knowledge/knowledge";
import { loadMessageContexts } from "../pipeline/load-message-contexts";
import { anonymiseWithHistory, loadConversationHistories } from "../pipeline/load-message-histories";
import { rehydrateReply } from "../privacy/rehydrate";
import { realtime } from "../runtime/ports";
import { visibleConversations } from "./list-conversations";

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
    const turns = await loadConversationHistories(tx, workspaceId, [ctx]);
    const anonymised = anonymiseWithHistory(ctx, turns.get(ctx.message.id) ?? []);
    const query = buildSearchQuery(anonymised.text);
    return { anonymised, knowledge: query ? await searchArticles(tx, workspaceId, query, 3) : [] };
  });
  const history = anonymised.history;
  const rt = agentRuntime();
  const runs: AgentRunRecord[] = [];
  const budget = decideBudget({ monthlyBudgetUsd: ctx.workspace.monthlyAiBudgetUsd, spentThisMonthUsd: ctx.workspace.spentThisMonthUsd });
  const surface = ctx.conversation.kind === "DM" ? "dm" : "comment";
  const draft = streamDraftReply(
    {
      message: anonymised.text,
      intent: (ctx.message.intent?.toLowerCase() ?? "other") as "sales" | "support" | "spam" | "other",
      platform: ctx.channel.platform.toLowerCase() as AgentPlatform,
      knowledge,
      tone: { companyName: ctx.workspace.name, guidelines: ctx.workspace.toneGuidelines },
    },
    { history, surface },
    { registry: rt.registry, chain: rt.chains.reply, workspaceId, timeoutMs: rt.timeoutMs, budget, onRun: (r) => void runs.push(r) },
  );
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await draft.chunks.next();
      if (!next.done) return controller.enqueue(encoder.encode(next.value));
      const result = await draft.result();
      const visibility = surface === "dm" ? "private" : "public";
      const reply = await withTenant(actor, async (tx) => {
        await recordAgentRuns(tx, workspaceId, ctx.message.id, runs);
        const created = await tx.reply.create({
          data: {
            workspaceId, conversationId, inReplyToId: ctx.message.id, source: "AI", status: "DRAFT",
            textEnc: encrypt(rehydrateReply(result.text, anonymised.mapping, visibility)), handoff: result.handoff, flags: result.flags, authorId: actor.userId,
          },
          select: { id: true },
        });
        await recordAudit(tx, workspaceId, { actor: { type: "AI" }, action: "ai.reply.draft_streamed", target: { type: "reply", id: created.id }, metadata: { requestedBy: actor.userId } });
        return created;
      });
      await realtime().publish(workspaceId, { type: "reply.drafted", conversationId, replyId: reply.id }).catch(() => undefined);
      controller.close();
    },
  });
}
