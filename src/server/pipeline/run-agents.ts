import type { AgentDeps } from "@/agents/agent-deps";
import { classifyIntent } from "@/agents/intent/classify-intent";
import type { AgentRunRecord } from "@/agents/llm/agent-run-record";
import { decideBudget } from "@/agents/llm/budget";
import { buildSearchQuery } from "@/agents/reply/build-search-query";
import { generateReply } from "@/agents/reply/generate-reply";
import type { HistoryTurn } from "@/agents/reply/prompt";
import type { Platform as AgentPlatform, ReplyResult } from "@/agents/reply/types";
import { parseModel } from "@/agents/scorer/logistic-model";
import { scoreLeadAgent } from "@/agents/scorer/score-lead-agent";
import type { ScoreResult } from "@/agents/scorer/types";
import type { Intent } from "@/agents/intent/schema";
import { withTenant } from "../db/tenant";
import { searchArticles } from "../knowledge/knowledge";
import { logger } from "../logger";
import { cache } from "../runtime/ports";
import { agentRuntime } from "../ai/agent-runtime";
import { spentThisMonthUsd } from "../ai/record-agent-runs";
import { loadContactHistory, type MessageContext } from "./load-message-context";

/** Sales/support messages classified with less confidence than this get no reply at all. */
export const DRAFT_MIN_CONFIDENCE = 0.4;

export type AgentOutcome = {
  intent: Intent;
  confidence: number;
  score: ScoreResult;
  reply: ReplyResult | null;
  runs: AgentRunRecord[];
};

/**
 * The agents for one message, on anonymised text: intent and the scorer's history features in
 * parallel, then the scorer beside the reply generator. Replies are generated only for
 * sales/support with at least DRAFT_MIN_CONFIDENCE (spam and very low confidence never cost a
 * reply-model call); whether one is sent or left as a draft is decided afterwards.
 */
export async function runAgents(ctx: MessageContext, anonymisedText: string, history: HistoryTurn[]): Promise<AgentOutcome> {
  const rt = agentRuntime();
  const workspaceId = ctx.workspace.id;
  const runs: AgentRunRecord[] = [];
  const spent = await withTenant({ workspaceId }, (tx) => spentThisMonthUsd(tx));
  const budget = decideBudget({ monthlyBudgetUsd: ctx.workspace.monthlyAiBudgetUsd === null ? null : Number(ctx.workspace.monthlyAiBudgetUsd), spentThisMonthUsd: spent });
  const deps = (agent: "intent" | "reply" | "scorer"): AgentDeps => ({
    registry: rt.registry, chain: rt.chains[agent], workspaceId, cache: cache(), cacheTtlSeconds: rt.cacheTtlSeconds,
    timeoutMs: rt.timeoutMs, budget, onRun: (r) => void runs.push(r), logger: logger.child({ component: "agents", workspaceId }),
  });
  const platform = ctx.channel.platform.toLowerCase() as AgentPlatform;

  const [intent, contactHistory] = await Promise.all([
    classifyIntent(anonymisedText, deps("intent")),
    withTenant({ workspaceId }, (tx) => loadContactHistory(tx, ctx)),
  ]);

  const model = ctx.scorerModel ? parseModel(ctx.scorerModel) : undefined;
  const scoreInput = {
    intent: intent.intent, confidence: intent.confidence, text: anonymisedText, platform,
    profile: { followers: ctx.contact.followers ?? undefined, verified: ctx.contact.verified }, history: contactHistory,
  };

  // Below the auto-send threshold a reply is still drafted for a human, down to a floor under
  // which the intent itself is too uncertain to be worth a reply-model call.
  const draftFloor = Math.min(DRAFT_MIN_CONFIDENCE, ctx.workspace.autoReplyThreshold);
  const wantsReply = (intent.intent === "sales" || intent.intent === "support") && intent.confidence >= draftFloor;
  const [score, reply] = await Promise.all([
    scoreLeadAgent(scoreInput, model, deps("scorer")),
    wantsReply ? draftReply(ctx, anonymisedText, intent.intent, platform, history, deps("reply")) : Promise.resolve(null),
  ]);
  return { intent: intent.intent, confidence: intent.confidence, score: score.score, reply, runs };
}

async function draftReply(ctx: MessageContext, text: string, intent: Intent, platform: AgentPlatform, history: HistoryTurn[], deps: AgentDeps): Promise<ReplyResult> {
  const query = buildSearchQuery(text);
  const knowledge = query ? await withTenant({ workspaceId: ctx.workspace.id }, (tx) => searchArticles(tx, query, 3)) : [];
  const surface = ctx.conversation.kind === "DM" ? "dm" : "comment";
  const { reply } = await generateReply(
    { message: text, intent, platform, knowledge, tone: { companyName: ctx.workspace.name, guidelines: ctx.workspace.toneGuidelines } },
    { history, surface },
    deps,
  );
  return reply;
}
