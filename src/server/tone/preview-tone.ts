import { z } from "zod";
import { AgentCallError } from "@/agents/llm/agent-run-record";
import type { Tx } from "../infra/db/tenant";
import { logger } from "../infra/logger";
import { testBot } from "../knowledge/test-bot";
import { workspaceSettingsInput } from "../workspaces/settings";

/** The tone exactly as Settings saves it (the same field schema), plus the sample message and its intent. */
export const tonePreviewInput = z.object({
  toneGuidelines: workspaceSettingsInput.shape.toneGuidelines.unwrap(),
  message: z.string().trim().min(1, "Choose a sample or type a customer message").max(1_000, "Sample messages are limited to 1,000 characters"),
  intent: z.enum(["sales", "support"]).default("support"),
});
export type TonePreviewInput = z.input<typeof tonePreviewInput>;

export type TonePreview =
  | {
      status: "ok";
      reply: string;
      handoff: boolean;
      flags: string[];
      usedArticles: Array<{ id: string; title: string }>;
      writtenBy: "model" | "local";
      /** Said beside the preview when the configured model did not write it (budget, rate limit, provider failing). */
      notice: string | null;
    }
  | { status: "failed"; message: string };

type Tenant = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Settings' tone preview: the reply the agent would give to a sample customer message with the
 * tone being edited (not saved), through the knowledge page's "Test the bot" path, so the same
 * reply recipe, anonymisation, guardrails, AI rate limit (the limit-llm-calls door) and budget
 * apply, and a paid model's cost is added to the month's usage. Nothing else is stored: no
 * conversation, message, reply or agent run, and the tone stays as saved.
 */
export async function previewTone(tenant: Tenant, workspaceId: string, input: z.output<typeof tonePreviewInput>): Promise<TonePreview> {
  try {
    const answer = await testBot(tenant, workspaceId, input.message, { toneGuidelines: input.toneGuidelines, intent: input.intent });
    return {
      status: "ok", reply: answer.answer, handoff: answer.handoff, flags: answer.flags, usedArticles: answer.usedArticles, writtenBy: answer.writtenBy,
      notice: answer.fallbackReason === null ? null : describeFallback(answer.fallbackReason),
    };
  } catch (error) {
    if (!(error instanceof AgentCallError)) throw error;
    // Even the built-in model failed: say so plainly (the run's details go to the log, never to the page).
    logger.warn({ component: "tone", workspaceId, errorName: error.name }, "tone preview failed");
    return { status: "failed", message: "The reply agent could not write a preview just now. Your tone guidelines were not changed; try again in a moment." };
  }
}

/** A fallback reason in words for the admin, without the provider's own error text. */
function describeFallback(reason: string): string {
  const why = /AI rate limit/i.test(reason)
    ? "this workspace reached its AI rate limit"
    : /budget/i.test(reason)
      ? "this month's AI budget is spent"
      : "the AI provider did not answer";
  return `Written by the built-in model because ${why}. It follows only simple tone cues (greeting, formality, sign-off); live replies are written the same way until the AI model is back.`;
}
