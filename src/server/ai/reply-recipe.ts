import type { AgentDeps } from "@/agents/agent-deps";
import type { AgentRunRecord } from "@/agents/llm/agent-run-record";
import { decideBudget } from "@/agents/llm/budget";
import { buildSearchQuery } from "@/agents/reply/build-search-query";
import type { HistoryTurn } from "@/agents/reply/prompt";
import type { ReplyInput } from "@/agents/reply/types";
import type { ReplySurface } from "@/shared/reply-limits";
import { toAgentPlatform, type AgentIntent } from "@/shared/vocabulary";
import { logger } from "../infra/logger";
import { cache } from "../infra/runtime/ports";
import type { RetrievedSnippet } from "../knowledge/knowledge";
import type { MessageContext } from "../pipeline/load-message-contexts";
import { agentRuntime } from "./agent-runtime";

/** What the recipe reads of a message's context (the knowledge page's "Test the bot" has no message). */
export type RecipeContext = {
  workspace: Pick<MessageContext["workspace"], "id" | "name" | "toneGuidelines" | "monthlyAiBudgetUsd" | "spentThisMonthUsd">;
  channel: Pick<MessageContext["channel"], "platform">;
  conversation: Pick<MessageContext["conversation"], "kind">;
};

/**
 * The one recipe for asking the agents about a message, shared by the pipeline (`runAgents`) and
 * the inbox's "Draft with AI" stream: the same budget, AI rate limit (the registry counts every
 * model request), model chain, cache and logger per agent, the same knowledge search, surface,
 * tone and platform. A change here changes both.
 */
export function agentDepsFor(ctx: Pick<RecipeContext, "workspace">, agent: "intent" | "reply" | "scorer", runs: AgentRunRecord[]): AgentDeps {
  const rt = agentRuntime();
  const workspaceId = ctx.workspace.id;
  return {
    registry: rt.registryFor(workspaceId), chain: rt.chains[agent], workspaceId, cache: cache(), cacheTtlSeconds: rt.cacheTtlSeconds, timeoutMs: rt.timeoutMs,
    budget: decideBudget({ monthlyBudgetUsd: ctx.workspace.monthlyAiBudgetUsd, spentThisMonthUsd: ctx.workspace.spentThisMonthUsd }),
    onRun: (r) => void runs.push(r), logger: logger.child({ component: "agents", workspaceId }),
  };
}

/** Knowledge for an anonymised message: the search query built from it, then the caller's search. */
export async function knowledgeFor(text: string, search: (query: string) => Promise<RetrievedSnippet[]>): Promise<RetrievedSnippet[]> {
  const query = buildSearchQuery(text);
  return query ? search(query) : [];
}

/** A reply goes where the conversation is: a DM, a comment thread or a mention (src/shared/reply-limits.ts). */
export function replySurface(ctx: Pick<RecipeContext, "conversation">): ReplySurface {
  return ctx.conversation.kind;
}

/** The reply generator's input and options for one anonymised message. */
export function replyRequest(
  ctx: RecipeContext,
  parts: { text: string; intent: AgentIntent; knowledge: RetrievedSnippet[]; history: HistoryTurn[] },
): [ReplyInput, { history: HistoryTurn[]; surface: ReplySurface }] {
  const input: ReplyInput = {
    message: parts.text, intent: parts.intent, platform: toAgentPlatform(ctx.channel.platform), knowledge: parts.knowledge,
    tone: { companyName: ctx.workspace.name, guidelines: ctx.workspace.toneGuidelines },
  };
  return [input, { history: parts.history, surface: replySurface(ctx) }];
}
