/**
 * `npm run bench:llm-cost -- [--messages 1000] [--seed 1] [--speedup 30] [--llm-latency-ms 500] ...`
 *
 * How many LLM calls the pipeline makes per 1,000 inbound messages of a realistic stream, beside
 * the naive figure (each of the three agents asked once per message). Generates a seeded stream
 * (generate-stream.ts), starts a fake OpenAI server that answers every agent (cost-fake.ts),
 * creates a throwaway database on the local PostgreSQL, points the agents' model chains at the
 * fake, replays the stream through the real webhook -> queue -> agents pipeline, and prints the
 * calls, tokens and cost counted at the fake and in the app's records (agent_runs,
 * usage_records), why calls were not made, and calls a cheaper path could have avoided.
 * Exit code 0 whether or not the target is met; 1 when something failed (an error, a rejected
 * webhook, a failed or unfinished message). The database is dropped and the fake stopped on
 * success, failure and Ctrl-C.
 */
import { randomBytes } from "node:crypto";
import { parseModelChain, type ModelRef } from "../../src/agents/llm/model-spec";
import { benchDatabaseName, createPostgresDatabase, dropPostgresDatabase } from "../bench/bench-database";
import type { Agent } from "./answer-agents";
import { startCostFake, type CostFake } from "./cost-fake";
import { formatReport } from "./format-report";
import { generateStream } from "./generate-stream";
import { labelIndex } from "./label-index";
import { parseLlmCostArgs, USAGE, type LlmCostOptions } from "./llm-cost-options";
import { streamStats } from "./stream-stats";
import { summarise } from "./summarise";

const log = (line: string) => process.stderr.write(`[bench:llm-cost] ${line}\n`);

/** env() is a process-wide singleton: everything is set before the first server module is imported. */
function setEnvironment(database: { appUrl: string; ownerUrl: string }, fake: CostFake, options: LlmCostOptions): void {
  for (const key of [
    "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY", "ENCRYPTION_ACTIVE_KEY_ID",
    "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OPENAI_COMPAT_BASE_URL", "OPENAI_COMPAT_API_KEY", "LLM_TIMEOUT_MS", "LLM_CACHE_TTL_SECONDS", "QUEUE_CONCURRENCY", "DATABASE_POOL_MAX",
  ]) delete process.env[key];
  Object.assign(process.env, {
    DATABASE_URL: database.appUrl,
    MIGRATE_DATABASE_URL: database.ownerUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
    BLIND_INDEX_KEY: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "silent",
    QUEUE_SCHEDULES: "false",
    OPENAI_API_KEY: fake.apiKey,
    OPENAI_BASE_URL: fake.baseURL,
    INTENT_MODELS: options.intentModels,
    REPLY_MODELS: options.replyModels,
    SCORER_MODELS: options.scorerModels,
  });
}

/** The LLM each agent's usage is priced as: the first of its chain (the fake answers every call). */
function pricedModels(options: LlmCostOptions): Record<Agent, ModelRef | null> {
  const first = (spec: string) => parseModelChain(spec).find((ref) => ref.provider !== "local") ?? null;
  // The grounding verifier runs on the reply chain.
  return { intent: first(options.intentModels), reply: first(options.replyModels), scorer: first(options.scorerModels), grounding: first(options.replyModels) };
}

async function run(options: LlmCostOptions, cleanups: Array<() => Promise<void>>): Promise<number> {
  const stream = generateStream({ messages: options.messages, seed: options.seed });
  const fake = await startCostFake({ latencyMs: options.llmLatencyMs, labels: labelIndex(stream) });
  cleanups.push(() => fake.close());
  const name = benchDatabaseName();
  // Registered before the app's own cleanups, so it runs after them: drops the database even when creating it failed halfway.
  cleanups.push(() => dropPostgresDatabase(options.postgresUrl, name));
  log(`creating database ${name} and migrating`);
  const database = await createPostgresDatabase(options.postgresUrl, name);
  setEnvironment(database, fake, options);

  const { disconnectDb, dbPool } = await import("../../src/server/infra/db/client");
  cleanups.push(() => disconnectDb());
  const { stopQueue } = await import("../../src/server/infra/runtime/queue");
  cleanups.push(() => stopQueue());
  const { assertAppRole } = await import("../../src/server/infra/db/assert-app-role");
  await assertAppRole(dbPool()); // the app role, under row-level security, as in production
  const { runLlmCostBench } = await import("./run-llm-cost-bench");
  const result = await runLlmCostBench(stream, { ownerUrl: database.ownerUrl, appUrl: database.appUrl, speedup: options.speedup, timeoutSeconds: options.timeoutSeconds, log });

  const counts = fake.counts();
  const summary = summarise({ fake: counts, records: result.records, models: pricedModels(options), target: options.target });
  console.log(`\n${formatReport(summary, {
    seed: options.seed, speedup: options.speedup, llmLatencyMs: options.llmLatencyMs,
    chains: { intent: options.intentModels, reply: options.replyModels, scorer: options.scorerModels, grounding: options.replyModels },
    stream: streamStats(stream), replaySeconds: result.replaySeconds, drainSeconds: result.drainSeconds, rejected: result.rejected, unfinished: result.unfinished,
  })}`);
  const problems = [
    result.rejected > 0 && `${result.rejected} webhooks rejected`,
    summary.failed > 0 && `${summary.failed} messages failed`,
    result.unfinished > 0 && `${result.unfinished} messages unfinished`,
    counts.unknown > 0 && `${counts.unknown} LLM requests the fake did not recognise`,
  ].filter(Boolean);
  if (problems.length > 0) log(`the run had errors: ${problems.join("; ")}`);
  return problems.length > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseLlmCostArgs>;
  try {
    parsed = parseLlmCostArgs(process.argv.slice(2));
  } catch (error) {
    log(`bad arguments: ${error instanceof Error ? error.message : String(error)}`);
    console.log(USAGE);
    return 1;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => log(`cleanup: ${error instanceof Error ? error.message : String(error)}`));
  };
  const onSignal = () => {
    log("interrupted: stopping the queue and the fake, dropping the database");
    void cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await run(parsed.options, cleanups);
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    await cleanUp();
  }
}

process.exit(await main());
