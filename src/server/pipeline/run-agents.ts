import type { AgentDeps } from "@/agents/agent-deps";
import { classifyIntent } from "@/agents/intent/classify-intent";
import { trustedIntent } from "@/agents/intent/trusted-intent";
import type { AgentRunRecord } from "@/agents/llm/agent-run-record";
import { detectComplaint, type ComplaintSignal } from "@/agents/reply/detect-complaint";
import { generateReply } from "@/agents/reply/generate-reply";
import type { HistoryTurn } from "@/agents/reply/prompt";
import type { ReplyResult } from "@/agents/reply/types";
import { parseModel } from "@/agents/scorer/logistic-model";
import { scoreLeadAgent } from "@/agents/scorer/score-lead-agent";
import type { ScoreInput, ScoreResult } from "@/agents/scorer/types";
import type { Intent } from "@/agents/intent/schema";
import type { RetrievedSnippet } from "../knowledge/knowledge";
import { agentDepsFor, knowledgeFor, replyRequest } from "../ai/reply-recipe";
import { automationFor } from "../automation/automation-for-message";
import type { MessageContext } from "./load-message-contexts";
import { toAgentPlatform } from "@/shared/vocabulary";

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
  const runs: AgentRunRecord[] = [];
  const deps = (agent: "intent" | "reply" | "scorer") => agentDepsFor(ctx, agent, runs);

  const [classified, contactHistory] = await Promise.all([classifyIntent(text, deps("intent")), input.contactHistory]);
  // A contact a person marked "not spam" (inbox) is not put in spam again: the next most likely intent stands.
  const intent = ctx.contact.trusted ? trustedIntent(text, classified) : classified;

  const model = ctx.workspace.scorerModel ? parseModel(ctx.workspace.scorerModel) : undefined;
  const scoreInput = {
    intent: intent.intent, confidence: intent.confidence, text, platform: toAgentPlatform(ctx.channel.platform),
    profile: { followers: ctx.contact.followers ?? undefined, verified: ctx.contact.verified }, history: contactHistory,
  };

  // Below the auto-send threshold a reply is still drafted for a human, down to a floor under
  // which the intent itself is too uncertain to be worth a reply-model call.
  // Settings -> Automation: an intent whose mode is "off" (always so for spam) gets no AI draft at all.
  const rule = automationFor(ctx, intent.intent, new Date());
  const draftFloor = Math.min(DRAFT_MIN_CONFIDENCE, rule.threshold);
  const wantsReply = rule.mode !== "off" && intent.confidence >= draftFloor;
  const [score, reply] = await Promise.all([
    scoreLeadAgent(scoreInput, model, deps("scorer")),
    wantsReply ? draftReply(input, intent.intent, deps("reply")) : Promise.resolve(null),
  ]);
  return { intent: intent.intent, confidence: intent.confidence, score: score.score, reply, complaint: detectComplaint(text), runs };
}

async function draftReply(input: AgentInput, intent: Intent, deps: AgentDeps): Promise<ReplyResult> {
  const knowledge = await knowledgeFor(input.text, input.searchKnowledge);
  const { reply } = await generateReply(...replyRequest(input.ctx, { text: input.text, intent, knowledge, history: await input.history }), deps);
  return reply;
}
