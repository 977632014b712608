import { z } from "zod";
import type { AgentRunRecord } from "@/agents/llm/agent-run-record";
import { generateReply } from "@/agents/reply/generate-reply";
import { anonymise } from "@/shared/privacy/anonymise";
import { rehydrateReply } from "@/shared/privacy/rehydrate";
import { agentDepsFor, knowledgeFor, replyRequest, type RecipeContext } from "../ai/reply-recipe";
import { recordUsage, usagePeriod } from "../ai/record-agent-runs";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import { logger } from "../infra/logger";
import { searchArticles } from "./knowledge";

export const testBotInput = z.object({
  question: z.string().trim().min(1, "Type a question to test").max(1_000, "Questions are limited to 1,000 characters"),
});

export type TestBotAnswer = {
  /** The reply the agent would give (the safe hand-off text when `handoff`). */
  answer: string;
  handoff: boolean;
  /** The reply's flags (src/components/inbox/describe-reply.ts words them). */
  flags: string[];
  /** The articles the reply was written from. */
  usedArticles: Array<{ id: string; title: string }>;
  /** Who wrote it: a configured AI model, or the built-in local model (`fallbackReason` says why, when a model was meant to). */
  writtenBy: "model" | "local";
  /** Why the chain fell back to the local model (budget spent, AI rate limit, provider failing), or null. */
  fallbackReason: string | null;
};

/** What a caller may vary: Settings' tone preview tries a tone before it is saved, and a sample message's intent. */
export type TestBotOptions = { toneGuidelines?: string; intent?: "sales" | "support" };

type Tenant = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** The test box has no channel or thread: answer as a direct message on the Demo platform (Messenger's limits). */
const TEST_SURFACE = { channel: { platform: "DEMO" }, conversation: { kind: "DM" } } as const;

/**
 * Settings -> Knowledge's "Test the bot": the answer the reply agent would give to a typed
 * question from the workspace's current articles and tone, through the one reply recipe (the
 * same anonymisation, knowledge search, guardrails, budget and AI rate limit as the pipeline).
 * The question is treated as a support message. Nothing about the question is stored: no
 * conversation, message, contact, lead, reply or agent run; only a paid model's cost is added
 * to the month's usage so the budget stays true.
 */
export async function testBot(tenant: Tenant, workspaceId: string, question: string, options: TestBotOptions = {}): Promise<TestBotAnswer> {
  const anonymised = anonymise(question);
  const { ctx, knowledge } = await tenant(async (tx) => {
    const workspace = await loadWorkspaceSettings(tx, workspaceId);
    const ctx: RecipeContext = { ...TEST_SURFACE, workspace: options.toneGuidelines === undefined ? workspace : { ...workspace, toneGuidelines: options.toneGuidelines } };
    return { ctx, knowledge: await knowledgeFor(anonymised.text, (query) => searchArticles(tx, workspaceId, query, 3)) };
  });
  const runs: AgentRunRecord[] = [];
  const { reply } = await generateReply(
    ...replyRequest(ctx, { text: anonymised.text, intent: options.intent ?? "support", knowledge, history: [] }),
    agentDepsFor(ctx, "reply", runs),
  );
  if (runs.some((run) => run.provider !== "local")) await tenant((tx) => recordUsage(tx, workspaceId, runs));
  const titles = new Map(knowledge.map((k) => [k.id, k.title]));
  const usedArticles = reply.usedArticleIds.flatMap((id) => (titles.has(id) ? [{ id, title: titles.get(id)! }] : []));
  logger.info({ component: "knowledge", workspaceId, handoff: reply.handoff, flags: reply.flags, retrieved: knowledge.length, used: usedArticles.length }, "knowledge.test_bot");
  const replyRun = runs.find((run) => run.agent === "reply");
  return {
    answer: rehydrateReply(reply.text, anonymised.mapping, "private"), handoff: reply.handoff, flags: reply.flags, usedArticles,
    writtenBy: replyRun && replyRun.provider !== "local" ? "model" : "local",
    fallbackReason: replyRun?.outcome === "fallback" ? (replyRun.error ?? "the AI model did not answer") : null,
  };
}

async function loadWorkspaceSettings(tx: Tx, workspaceId: string): Promise<RecipeContext["workspace"]> {
  const [workspace, spent] = await Promise.all([
    tx.workspace.findUnique({ where: { id: workspaceId }, select: { id: true, name: true, toneGuidelines: true, monthlyAiBudgetUsd: true } }),
    tx.usageRecord.aggregate({ where: { workspaceId, period: usagePeriod() }, _sum: { costUsd: true } }),
  ]);
  if (!workspace) throw new AppError("NOT_FOUND", "Workspace not found.");
  return {
    ...workspace,
    monthlyAiBudgetUsd: workspace.monthlyAiBudgetUsd === null ? null : Number(workspace.monthlyAiBudgetUsd),
    spentThisMonthUsd: Number(spent._sum.costUsd ?? 0),
  };
}
