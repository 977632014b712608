import type { AgentName, LlmLogger } from "./agent-run-record";
import { estimateTokens, truncateText } from "./token-budget";

export interface AgentPrompt {
  system: string;
  prompt: string;
}

export const DEFAULT_MAX_PROMPT_TOKENS = 8_000;

/**
 * Safety net against huge inputs (a pasted 100 KB message): the prompt is cut to `maxTokens`
 * with truncateText. Agents should budget their own context first (truncateHistory,
 * truncateText on the message); this only catches what slipped through. The system text,
 * written by us, is left alone.
 */
export function clampPrompt(
  prompt: AgentPrompt,
  maxTokens: number,
  context: { agent: AgentName; logger?: LlmLogger },
): AgentPrompt {
  const tokens = estimateTokens(prompt.prompt);
  if (tokens <= maxTokens) return prompt;
  context.logger?.warn({ agent: context.agent, tokens, max: maxTokens }, "agent prompt over budget; truncated");
  return { system: prompt.system, prompt: truncateText(prompt.prompt, maxTokens) };
}
