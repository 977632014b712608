/**
 * `npm run bench:crm -- [--leads 10000] [--crms hubspot,salesforce] [--scale 1] [--postgres-url URL]`
 *
 * Seeds a throwaway database on the local PostgreSQL with one workspace of changed leads,
 * connects the HubSpot and Salesforce fakes (tokens stored by the connect flow's own service),
 * runs the real sync engine (`runConnectionSync`, following its continuations as the queue
 * would) under each fake's rate limit, and prints per CRM: duration and calls by endpoint beside
 * the theoretical minimum for the batch size and limit, the ratios against the target, and
 * whether every lead is in the fake exactly once. Drops the database and stops the fakes on
 * success, failure and Ctrl-C. Exit code 1 when something failed or a lead is missing or
 * duplicated; a missed ratio target is printed, not an error.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import pg from "pg";
import { benchDatabaseName, createPostgresDatabase, dropPostgresDatabase } from "../bench/bench-database";
import { HUBSPOT_CLIENT, SALESFORCE_CLIENT, startBenchFakes, type BenchFakes } from "./bench-fakes";
import { parseCrmBenchArgs, USAGE, type CrmBenchOptions } from "./crm-bench-options";
import { formatCrmReport, verdictOf } from "./format-crm-report";

const log = (line: string) => process.stderr.write(`[bench:crm] ${line}\n`);

/** env() is a process-wide singleton: everything is set before the first server module is imported. */
function setEnvironment(database: { appUrl: string; ownerUrl: string }, fakes: BenchFakes): void {
  for (const key of ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY", "ENCRYPTION_ACTIVE_KEY_ID"]) delete process.env[key];
  Object.assign(process.env, {
    DATABASE_URL: database.appUrl,
    MIGRATE_DATABASE_URL: database.ownerUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
    BLIND_INDEX_KEY: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "silent",
    QUEUE_SCHEDULES: "false",
    ...(fakes.urls.hubspot
      ? { HUBSPOT_API_URL: fakes.urls.hubspot, HUBSPOT_AUTH_URL: `${fakes.urls.hubspot}/oauth/authorize`, HUBSPOT_CLIENT_ID: HUBSPOT_CLIENT.clientId, HUBSPOT_CLIENT_SECRET: HUBSPOT_CLIENT.clientSecret }
      : {}),
    ...(fakes.urls.salesforce ? { SALESFORCE_LOGIN_URL: fakes.urls.salesforce, SALESFORCE_CLIENT_ID: SALESFORCE_CLIENT.clientId, SALESFORCE_CLIENT_SECRET: SALESFORCE_CLIENT.clientSecret } : {}),
  });
}

/**
 * Statistics for the seeded tables, as the owner. In production the leads being synced were
 * written over days and autovacuum has analysed them; a bulk seed followed at once by the sync
 * (on a server whose autovacuum may be off, like the test one) would otherwise be planned
 * blind. `crm_lead_links` is left alone: it starts empty on a first sync in production too.
 */
async function analyzeSeededTables(ownerUrl: string): Promise<void> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query("ANALYZE leads, contacts, conversations, messages, channels");
  } finally {
    await owner.end();
  }
}

async function run(options: CrmBenchOptions, cleanups: Array<() => Promise<void>>): Promise<number> {
  const name = benchDatabaseName();
  // Registered first, so it runs last: drops the database even when creating it failed halfway.
  cleanups.push(() => dropPostgresDatabase(options.postgresUrl, name));
  log(`creating database ${name} and migrating`);
  const database = await createPostgresDatabase(options.postgresUrl, name);
  const fakes = await startBenchFakes(options.crms, options.scale);
  cleanups.push(() => fakes.close());
  setEnvironment(database, fakes);

  const { disconnectDb, dbPool } = await import("../../src/server/infra/db/client");
  cleanups.push(() => disconnectDb());
  const { assertAppRole } = await import("../../src/server/infra/db/assert-app-role");
  await assertAppRole(dbPool()); // measured as production runs: the app role, under row-level security
  const { runCrmBench } = await import("./run-crm-bench");
  const loadStart = loadavg()[0] ?? 0;
  const { results, seedMs } = await runCrmBench(options, fakes, { log, afterSeed: () => analyzeSeededTables(database.ownerUrl) });

  const header = [
    `Leadline CRM sync benchmark: ${options.leads.toLocaleString("en-US")} changed leads (${options.messagesPerLead} messages each) synced by the real engine (runConnectionSync) to local fakes in their own process; local PostgreSQL (app role, RLS).`,
    options.scale === 1
      ? "Rate limits at their real shape (HubSpot 110 / 10 s per portal; Salesforce has no per-second cap, Leadline paces to 10 / s)."
      : `Rate limits scaled down: every window divided by ${options.scale} (HubSpot 110 per ${10 / options.scale} s, Leadline pacing 108 per ${10 / options.scale} s; Salesforce pacing 10 per ${1000 / options.scale} ms).`,
    "minimum calls = ceil(leads / batch) upserts + note calls at their batch size + prepare; minimum duration = when the last call can start under the limit's rolling window (the first window's calls at once, then one window per further batch of calls).",
    `seeding took ${(seedMs / 1000).toFixed(1)} s (not measured); machine: ${availableParallelism()} cores, load average ${loadStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end.`,
  ];
  console.log(`\n${formatCrmReport(results, { target: options.target, scale: options.scale, header })}`);
  return results.every((r) => verdictOf(r, options.target).allOnce) ? 0 : 1;
}

async function main(): Promise<number> {
  const { options, help } = parseCrmBenchArgs(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return 0;
  }
  const cleanups: Array<() => Promise<void>> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => log(`cleanup: ${error instanceof Error ? error.message : String(error)}`));
  };
  const onSignal = () => {
    log("interrupted: stopping the fakes and dropping the database");
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
