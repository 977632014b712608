import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { DB_DEFAULTS, type BenchOptions } from "./bench-options";
import { createPostgresDatabase, startEmbeddedDatabase } from "./bench-database";

export const RESULT_PREFIX = "BENCH_RESULT ";

/**
 * One database, in its own process: env(), db() and queue() are process-wide singletons, so
 * the environment is set first and every server module is imported after it.
 */
export async function runWorker(options: BenchOptions, worker: { db: "embedded" | "postgres"; dbName?: string }): Promise<void> {
  const loadStart = loadavg()[0] ?? 0;
  const log = (line: string) => process.stderr.write(`[${worker.db}] ${line}\n`);
  const defaults = DB_DEFAULTS[worker.db];
  const queueConcurrency = options.queueConcurrency ?? defaults.queueConcurrency;
  const poolMax = options.poolMax ?? defaults.poolMax;

  if (worker.db === "postgres" && !worker.dbName) throw new Error("--db-name is required for the postgres worker");
  log(worker.db === "postgres" ? `creating database ${worker.dbName} and migrating` : "starting PGlite in memory and migrating");
  const database = worker.db === "postgres"
    ? await createPostgresDatabase(options.postgresUrl, worker.dbName!)
    : await startEmbeddedDatabase();

  let stopping: Promise<void> | undefined;
  const cleanup = async () => {
    const { stopQueue } = await import("../../src/server/infra/runtime/queue");
    const { disconnectDb } = await import("../../src/server/infra/db/client");
    await stopQueue().catch(() => undefined);
    await disconnectDb().catch(() => undefined);
    await database.stop().catch(() => undefined);
  };
  const stop = () => (stopping ??= cleanup());
  // The orchestrator's overall timeout (SIGTERM) or its death (IPC channel closed): clean up, then go.
  process.once("SIGTERM", () => void stop().finally(() => process.exit(143)));
  process.once("disconnect", () => void stop().finally(() => process.exit(1)));

  // The benchmark measures the embedded ports: no Upstash, no QStash, whatever the shell has.
  for (const key of ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY", "ENCRYPTION_ACTIVE_KEY_ID"]) {
    delete process.env[key];
  }
  Object.assign(process.env, {
    DATABASE_URL: database.appUrl,
    MIGRATE_DATABASE_URL: database.ownerUrl,
    DATABASE_POOL_MAX: String(poolMax),
    QUEUE_CONCURRENCY: String(queueConcurrency),
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
    BLIND_INDEX_KEY: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "silent",
    INTENT_MODELS: "local",
    REPLY_MODELS: "local",
    SCORER_MODELS: "local",
  });

  try {
    const { assertAppRole } = await import("../../src/server/infra/db/assert-app-role");
    const { dbPool } = await import("../../src/server/infra/db/client");
    await assertAppRole(dbPool()); // measured as it runs in production: under row-level security
    const { runBench } = await import("./run-bench");
    log(`queue concurrency ${queueConcurrency}, app pool ${poolMax}, ${options.posters} concurrent webhook callers`);
    const results = await runBench({
      db: worker.db, ownerUrl: database.ownerUrl, pgDatabase: worker.db === "postgres" ? (worker.dbName ?? null) : null, messages: options.messages, rate: options.rate, latencyRate: options.latencyRate,
      posters: options.posters, poolMax, warmup: options.warmup, runs: options.runs, log,
    });
    if (stopping) return;
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({
      settings: { queueConcurrency, poolMax, posters: options.posters },
      machine: { cores: availableParallelism(), loadStart, loadEnd: loadavg()[0] ?? 0 },
      results,
    })}\n`);
  } catch (error) {
    // Stopped from outside: the database went away under the run; that is not news.
    if (!stopping) throw error;
  } finally {
    await stop();
  }
}
