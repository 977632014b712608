import type { AgentDeps } from "../agent-deps";
import { runAgentCall } from "../llm/run-agent-call";
import { classifyIntentLocal } from "./classify-local";
import { normaliseText } from "./normalise-text";
import { buildIntentPrompt } from "./prompt";
import { intentResultSchema, type Intent } from "./schema";

export const INTENT_PROMPT_VERSION = "intent-v1";

/**
 * At or above this calibrated probability the local classifier's answer stands and no LLM is
 * asked (an LLM that disagreed would only get this message a low confidence). On the dev set
 * (tests/fixtures/intent) about 78% of messages reach it, at 99% accuracy.
 */
export const LOCAL_FIRST_CONFIDENCE = 0.9;

/**
 * Intent classifier agent: LLM chain with the local model as the last fallback. `text` is anonymised.
 *
 * The confidence is always a calibrated probability: the local classifier's (temperature-scaled,
 * see calibrate.ts and `npm run eval:intent`) probability of the returned intent. An LLM's
 * self-reported confidence is not one (models say 0.95-1.0 for nearly everything, which the
 * app showed as 100% and which no auto-reply threshold could hold back), so it is ignored: an
 * LLM answer the calibrated model agrees with keeps a high confidence, one it doubts gets a
 * low one and is left as a draft. The local classifier costs well under a millisecond, so it
 * runs first, and an LLM is asked only when it is unsure (LOCAL_FIRST_CONFIDENCE).
 */
export async function classifyIntent(text: string, deps: AgentDeps): Promise<{ intent: Intent; confidence: number; run: Awaited<ReturnType<typeof runAgentCall>>["run"] }> {
  const local = classifyIntentLocal(text);
  const { value, run } = await runAgentCall({
    agent: "intent",
    chain: deps.chain,
    registry: deps.registry,
    schema: intentResultSchema,
    buildPrompt: () => buildIntentPrompt(text),
    local: () => ({ intent: local.intent, confidence: local.confidence }),
    localSuffices: local.confidence >= LOCAL_FIRST_CONFIDENCE ? "local model confident" : undefined,
    cache: deps.cache,
    // Keyed on the normalised text: "PRICE??" and "price?" (or one spam text with different links) get one answer.
    cacheKeyParts: { input: normaliseText(text), tone: "", promptVersion: INTENT_PROMPT_VERSION, workspaceId: deps.workspaceId },
    cacheTtlSeconds: deps.cacheTtlSeconds,
    timeoutMs: deps.timeoutMs,
    retries: deps.retries,
    budget: deps.budget,
    maxOutputTokens: 100,
    temperature: 0,
    onRun: deps.onRun,
    logger: deps.logger,
  });
  return { intent: value.intent, confidence: local.scores[value.intent], run };
}
