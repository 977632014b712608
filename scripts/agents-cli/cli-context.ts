import { createLocalCache } from "@/server/infra/cache/local-cache";
import type { CachePort } from "@/shared/cache-port";
import type { AgentDeps } from "../../src/agents/agent-deps";
import type { AgentRunRecord, LlmLogger } from "../../src/agents/llm/agent-run-record";
import { formatModelRef } from "../../src/agents/llm/model-spec";
import { isLocalOnly, loadCliConfig, type CliAgent, type CliConfig } from "./load-cli-config";

/** Cache keys are scoped by workspace; the CLI is one tenant of its own. */
const CLI_WORKSPACE = "cli";

/** What every command shares: configuration, an in-process answer cache, run counts, stderr. */
export type CliContext = {
  config: CliConfig;
  localOnly: (agent: CliAgent) => boolean;
  deps: (agent: CliAgent) => AgentDeps;
  /** Counts an answer from the built-in model computed without going through runAgentCall. */
  countLocal: (agent: CliAgent) => void;
  /** "intent local:builtin 20000, scorer openai:gpt-4o-mini 12 (3 fell back to local)" */
  summary: () => string;
};

/** Writes one line per distinct warning to stderr, never the same one twice. */
export function createStderrLogger(write: (line: string) => void): LlmLogger {
  const seen = new Set<string>();
  return {
    warn(fields, msg) {
      const line = `agents: warning: ${msg} ${JSON.stringify(fields)}`;
      if (seen.has(line)) return;
      seen.add(line);
      write(line);
    },
  };
}

export function createCliContext(source: Record<string, string | undefined>, writeStderr: (line: string) => void): CliContext {
  const logger = createStderrLogger(writeStderr);
  const config = loadCliConfig(source, logger);
  // Identical lines in a file are only paid for once (local answers are never cached).
  const cache: CachePort = createLocalCache({ maxEntries: 10_000 });
  const counts = new Map<string, number>();
  const fallbacks = new Map<CliAgent, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

  const onRun = (agent: CliAgent) => (run: AgentRunRecord) => {
    bump(`${agent} ${formatModelRef(run)}${run.cacheHit ? " (cached)" : ""}`);
    if (run.outcome !== "fallback") return;
    if (!fallbacks.has(agent)) writeStderr(`agents: ${agent}: falling back to the local model (${run.error ?? "LLM unavailable"})`);
    fallbacks.set(agent, (fallbacks.get(agent) ?? 0) + 1);
  };

  return {
    config,
    localOnly: (agent) => isLocalOnly(config.chains[agent]),
    deps: (agent) => ({
      registry: config.registry,
      chain: config.chains[agent],
      workspaceId: CLI_WORKSPACE,
      cache,
      cacheTtlSeconds: config.cacheTtlSeconds,
      timeoutMs: config.timeoutMs,
      onRun: onRun(agent),
      logger,
    }),
    countLocal: (agent) => bump(`${agent} local:builtin`),
    summary: () => {
      const parts = [...counts].map(([key, n]) => `${key} ${n}`);
      for (const [agent, n] of fallbacks) parts.push(`${agent}: ${n} fell back to local`);
      return parts.join(", ");
    },
  };
}
