/**
 * `npm run bench:analytics -- [--scale 1] [--runs 5] [--postgres-url URL] [--keep]`
 *
 * Seeds a throwaway database on the local PostgreSQL with a workspace of 1,000,000 messages (and
 * their conversations, replies, leads, agent runs, usage and CRM runs; --scale shrinks it) beside
 * a second, smaller workspace, then times every analytics aggregate as the router runs it (app
 * role, row-level security, tenant transaction) for 30, 90 and 365 days and for one channel,
 * each the median of --runs beside a same-run baseline (count of the workspace's messages), and
 * prints EXPLAIN (ANALYZE, BUFFERS) summaries for the 90-day range. Drops the database on
 * success, failure and Ctrl-C (unless --keep). Exit code 1 only when something failed.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { benchDatabaseName, createPostgresDatabase, dropPostgresDatabase } from "../bench/bench-database";
import { FULL_MESSAGES, parseAnalyticsBenchArgs, USAGE, type AnalyticsBenchOptions } from "./analytics-bench-options";
import { formatPlans, formatTimings } from "./format-analytics-report";
import { seedAnalyticsWorkspace } from "./seed-analytics-workspace";
import type { Scenario } from "./time-analytics-queries";

const log = (line: string) => process.stderr.write(`[bench:analytics] ${line}\n`);
const WORKSPACE = "ws_bench_analytics";
const NEIGHBOUR = "ws_bench_neighbour";
const DAYS = 180;
const DAY_MS = 86_400_000;

/** env() is a process-wide singleton: everything is set before the first server module is imported. */
function setEnvironment(database: { appUrl: string; ownerUrl: string }): void {
  for (const key of ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY", "ENCRYPTION_ACTIVE_KEY_ID"]) delete process.env[key];
  Object.assign(process.env, {
    DATABASE_URL: database.appUrl,
    MIGRATE_DATABASE_URL: database.ownerUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
    BLIND_INDEX_KEY: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "silent",
    QUEUE_SCHEDULES: "false",
  });
}

/** Seeds both workspaces as the owner, then VACUUM ANALYZE: what autovacuum has done for data written over months. */
async function seed(ownerUrl: string, messages: number, now: Date): Promise<number> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  const start = performance.now();
  try {
    await owner.query("SET synchronous_commit = off");
    await seedAnalyticsWorkspace(owner, { workspaceId: WORKSPACE, messages, days: DAYS, now });
    await seedAnalyticsWorkspace(owner, { workspaceId: NEIGHBOUR, messages: Math.max(1000, Math.round(messages / 10)), days: DAYS, now });
    await owner.query("VACUUM (ANALYZE) messages, replies, leads, contacts, conversations, agent_runs, crm_sync_runs, crm_lead_links, crm_connections, usage_records, channels, workspaces");
    const { rows } = await owner.query<{ table: string; n: string }>(
      `SELECT 'messages' AS table, count(*)::text AS n FROM messages WHERE "workspaceId" = $1 UNION ALL SELECT 'replies', count(*)::text FROM replies WHERE "workspaceId" = $1
       UNION ALL SELECT 'conversations', count(*)::text FROM conversations WHERE "workspaceId" = $1 UNION ALL SELECT 'leads', count(*)::text FROM leads WHERE "workspaceId" = $1
       UNION ALL SELECT 'agent_runs', count(*)::text FROM agent_runs WHERE "workspaceId" = $1 UNION ALL SELECT 'crm_sync_runs', count(*)::text FROM crm_sync_runs WHERE "workspaceId" = $1`,
      [WORKSPACE],
    );
    log(`seeded: ${rows.map((r) => `${Number(r.n).toLocaleString("en-US")} ${r.table}`).join(", ")} (+ a neighbour workspace a tenth the size)`);
  } finally {
    await owner.end();
  }
  return performance.now() - start;
}

async function run(options: AnalyticsBenchOptions, cleanups: Array<() => Promise<void>>): Promise<number> {
  const name = benchDatabaseName();
  if (!options.keep) cleanups.push(() => dropPostgresDatabase(options.postgresUrl, name));
  log(`creating database ${name} and migrating`);
  const database = await createPostgresDatabase(options.postgresUrl, name);
  const messages = Math.max(1000, Math.round(FULL_MESSAGES * options.scale));
  const now = new Date();
  log(`seeding ${messages.toLocaleString("en-US")} messages over ${DAYS} days`);
  const seedMs = await seed(database.ownerUrl, messages, now);

  setEnvironment(database);
  const { disconnectDb, dbPool } = await import("../../src/server/infra/db/client");
  cleanups.push(() => disconnectDb());
  const { assertAppRole } = await import("../../src/server/infra/db/assert-app-role");
  await assertAppRole(dbPool()); // measured as production runs: the app role, under row-level security
  const { timeScenario, explainScenario } = await import("./time-analytics-queries");

  const daysBack = (days: number) => ({ from: new Date(now.getTime() - days * DAY_MS), to: now, timeZone: "UTC" });
  const scenarios: Scenario[] = [
    { label: "30 days", input: daysBack(30) },
    { label: "90 days", input: daysBack(90) },
    { label: "365 days (weeks)", input: daysBack(365) },
    { label: "30 days, 1 channel", input: { ...daysBack(30), channelId: `${WORKSPACE}_ch1` } },
  ];
  const loadStart = loadavg()[0] ?? 0;
  const results = [];
  for (const scenario of scenarios) {
    log(`timing ${scenario.label}`);
    results.push(await timeScenario(WORKSPACE, scenario, options.runs));
  }
  log("explaining the 90-day range");
  const plans = await explainScenario(WORKSPACE, scenarios[1]!);

  console.log(
    [
      "",
      `Leadline analytics benchmark: one workspace of ${messages.toLocaleString("en-US")} messages over ${DAYS} days (+ a neighbour a tenth its size), local PostgreSQL, app role under row-level security.`,
      `Each aggregate runs as the analytics router runs it (its own tenant transaction, 10 s statement timeout); median of ${options.runs} runs after a warm-up, [min-max], and the ratio to the baseline measured the same way in the same run.`,
      `Seeding took ${(seedMs / 1000).toFixed(1)} s (not measured); machine: ${availableParallelism()} cores, load average ${loadStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end.${options.keep ? ` Database kept: ${name}.` : ""}`,
      "",
      formatTimings(results),
      "",
      formatPlans("90 days", plans),
      "",
    ].join("\n"),
  );
  return 0;
}

async function main(): Promise<number> {
  const { options, help } = parseAnalyticsBenchArgs(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return 0;
  }
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => log(`cleanup: ${error instanceof Error ? error.message : String(error)}`));
  };
  const onSignal = () => {
    log("interrupted: dropping the database");
    void cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await run(options, cleanups);
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await cleanUp();
  }
}

process.exit(await main());
