import type { AgentDeps } from "@/agents/agent-deps";
import { classifyIntent } from "@/agents/intent/classify-intent";
import type { AgentRunRecord } from "@/agents/llm/agent-run-record";
import { decideBudget } from "@/agents/llm/budget";
import { buildSearchQuery } from "@/agents/reply/build-search-query";
import { detectComplaint, type ComplaintSignal } from "@/agents/reply/detect-complaint";
import { generateReply } from "@/agents/reply/generate-reply";
import type { HistoryTurn } from "@/agents/reply/prompt";
import type { Platform as AgentPlatform, ReplyResult } from "@/agents/reply/types";
import { parseModel } from "@/agents/scorer/logistic-model";
import { scoreLeadAgent } from "@/agents/scorer/score-lead-agent";
import type { ScoreInput, ScoreResult } from "@/agents/scorer/types";
import type { Intent } from "@/agents/intent/schema";
import type { RetrievedSnippet } from "../knowledge/knowledge";
import { logger } from "../logger";
import { cache } from "../runtime/ports";
import { agentRuntime } from "../ai/agent-runtime";
import type { MessageContext } from "./load-message-contexts";

/** Sales/support messages classified with less confidence than this get no reply at all. */
export const DRAFT_MIN_CONFIDENCE = 0.4;

export type AgentOutcome = {
  intent: Intent;
  confidence: number;
  score: ScoreResult;
  reply: ReplyResult | null;
  /** Complaint, refund, anger or escalation cues in the message (they keep a reply a draft by default). */
  complaint: ComplaintSignal;
  runs: AgentRunRecord[];
};

export type AgentInput = {
  ctx: MessageContext;
  /** The message text, anonymised. */
  text: string;
  /** Earlier turns of the conversation, anonymised (being loaded while the classifier runs). */
  history: Promise<HistoryTurn[]>;
  /** The scorer's history features, being loaded while the classifier runs. */
  contactHistory: Promise<ScoreInput["history"]>;
  /** Knowledge-base retrieval (batched across the messages being processed together). */
  searchKnowledge: (query: string) => Promise<RetrievedSnippet[]>;
};

/**
 * The agents for one message, on anonymised text: intent and the scorer's history features in
 * parallel, then the scorer beside the reply generator. Replies are generated only for
 * sales/support with at least DRAFT_MIN_CONFIDENCE (spam and very low confidence never cost a
 * reply-model call); whether one is sent or left as a draft is decided afterwards.
 */
export async function runAgents(input: AgentInput): Promise<AgentOutcome> {
  const { ctx, text } = input;
  const rt = agentRuntime();
  const workspaceId = ctx.workspace.id;
  const runs: AgentRunRecord[] = [];
  const budget = decideBudget({ monthlyBudgetUsd: ctx.workspace.monthlyAiBudgetUsd, spentThisMonthUsd: ctx.workspace.spentThisMonthUsd });
  const deps = (agent: "intent" | "reply" | "scorer"): AgentDeps => ({
    registry: rt.registry, chain: rt.chains[agent], workspaceId, cache: cache(), cacheTtlSeconds: rt.cacheTtlSeconds,
    timeoutMs: rt.timeoutMs, budget, onRun: (r) => void runs.push(r), logger: logger.child({ component: "agents", workspaceId }),
  });
  const platform = ctx.channel.platform.toLowerCase() as AgentPlatform;

  const [intent, contactHistory] = await Promise.all([classifyIntent(text, deps("intent")), input.contactHistory]);

  const model = ctx.workspace.scorerModel ? parseModel(ctx.workspace.scorerModel) : undefined;
  const scoreInput = {
    intent: intent.intent, confidence: intent.confidence, text, platform,
    profile: { followers: ctx.contact.followers ?? undefined, verified: ctx.contact.verified }, history: contactHistory,
  };

  // Below the auto-send threshold a reply is still drafted for a human, down to a floor under
  // which the intent itself is too uncertain to be worth a reply-model call.
  const draftFloor = Math.min(DRAFT_MIN_CONFIDENCE, ctx.workspace.autoReplyThreshold);
  const wantsReply = (intent.intent === "sales" || intent.intent === "support") && intent.confidence >= draftFloor;
  const [score, reply] = await Promise.all([
    scoreLeadAgent(scoreInput, model, deps("scorer")),
    wantsReply ? draftReply(input, intent.intent, platform, deps("reply")) : Promise.resolve(null),
  ]);
  return { intent: intent.intent, confidence: intent.confidence, score: score.score, reply, complaint: detectComplaint(text), runs };
}

async function draftReply(input: AgentInput, intent: Intent, platform: AgentPlatform, deps: AgentDeps): Promise<ReplyResult> {
  const { ctx, text } = input;
  const query = buildSearchQuery(text);
  const knowledge = query ? await input.searchKnowledge(query) : [];
  const surface = ctx.conversation.kind === "DM" ? "dm" : "comment";
  const { reply } = await generateReply(
    { message: text, intent, platform, knowledge, tone: { companyName: ctx.workspace.name, guidelines: ctx.workspace.toneGuidelines } },
    { history: await input.history, surface },
    deps,
  );
  return reply;
}
