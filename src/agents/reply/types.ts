import { z } from "zod";
import type { Intent } from "@/agents/intent/schema";
import { AGENT_PLATFORMS, type AgentPlatform } from "@/shared/vocabulary";

export const PLATFORMS = AGENT_PLATFORMS;
export type Platform = AgentPlatform;

/** A knowledge-base article returned by retrieval; `rank` is Postgres `ts_rank` (higher is better). */
export type KnowledgeSnippet = { id: string; title: string; body: string; rank: number };

export type ReplyInput = {
  /** The customer's message, already anonymised (placeholders such as [NAME_1]). */
  message: string;
  intent: Intent;
  tone: { companyName: string; guidelines: string };
  platform: Platform;
  knowledge: KnowledgeSnippet[];
};

export type ReplyResult = {
  text: string;
  /** True when a human must take over (the text is then the safe hand-off reply). */
  handoff: boolean;
  flags: string[];
  usedArticleIds: string[];
};

/** What the reply model must return (forced with structured output, validated on receipt). */
export const replyOutputSchema = z.object({
  reply: z.string().max(10_000),
  usedArticleIds: z.array(z.string()).max(20),
  confident: z.boolean(),
});
export type ReplyOutput = z.infer<typeof replyOutputSchema>;
