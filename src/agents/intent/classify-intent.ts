import type { AgentDeps } from "../agent-deps";
import { runAgentCall } from "../llm/run-agent-call";
import { classifyIntentLocal } from "./classify-local";
import { buildIntentPrompt } from "./prompt";
import { intentResultSchema, type Intent } from "./schema";

export const INTENT_PROMPT_VERSION = "intent-v1";

/** Intent classifier agent: LLM chain with the local model as the last fallback. `text` is anonymised. */
export async function classifyIntent(text: string, deps: AgentDeps): Promise<{ intent: Intent; confidence: number; run: Awaited<ReturnType<typeof runAgentCall>>["run"] }> {
  const { value, run } = await runAgentCall({
    agent: "intent",
    chain: deps.chain,
    registry: deps.registry,
    schema: intentResultSchema,
    buildPrompt: () => buildIntentPrompt(text),
    local: () => {
      const r = classifyIntentLocal(text);
      return { intent: r.intent, confidence: r.confidence };
    },
    cache: deps.cache,
    cacheKeyParts: { input: text, tone: "", promptVersion: INTENT_PROMPT_VERSION, workspaceId: deps.workspaceId },
    cacheTtlSeconds: deps.cacheTtlSeconds,
    timeoutMs: deps.timeoutMs,
    retries: deps.retries,
    budget: deps.budget,
    maxOutputTokens: 100,
    temperature: 0,
    onRun: deps.onRun,
    logger: deps.logger,
  });
  return { intent: value.intent, confidence: value.confidence, run };
}
