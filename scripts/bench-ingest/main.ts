/**
 * `npm run bench:ingest -- [--seconds 20] [--connections 50] [--reuse-build] ...`
 *
 * Signed Meta webhook deliveries (1 and 20 entries per body) against `next start`, beside a
 * same-run, same-process baseline route that inserts one row per request. Prints a table and
 * the two target lines of issue 9. Cleans up (server, database) on success, failure and
 * Ctrl-C; exits non-zero only when something failed, never for a missed target.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import pg from "pg";
import { benchDatabaseName, dropPostgresDatabase, freePort } from "../bench/bench-database";
import { figures, formatReport } from "./format-report";
import { parseIngestArgs, USAGE, type IngestOptions } from "./ingest-options";
import { buildNext, DIST_DIR, hasBuild, startNext, type NextServer } from "./next-server";
import { prepareDatabase } from "./prepare-database";
import { runPhases } from "./run-phases";

const log = (line: string) => process.stderr.write(`[bench:ingest] ${line}\n`);

/** The server's environment: the embedded ports (no Upstash, no QStash), local models, no way out to Meta. */
function serverEnv(database: { appUrl: string; ownerUrl: string }, appSecret: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY", "ENCRYPTION_ACTIVE_KEY_ID", "TRUST_PROXY", "NEXT_DIST_DIR"]) delete env[key];
  return {
    ...env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: database.appUrl,
    MIGRATE_DATABASE_URL: database.ownerUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
    BLIND_INDEX_KEY: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "error",
    INTENT_MODELS: "local",
    REPLY_MODELS: "local",
    SCORER_MODELS: "local",
    DEMO_SEED: "false",
    META_APP_SECRET: appSecret,
    // Nothing leaves the machine: Graph calls (reconciliation, sends) find a closed local port.
    META_GRAPH_URL: "http://127.0.0.1:9",
    BENCH_BASELINE: "1",
  };
}

async function run(options: IngestOptions, interrupted: () => boolean, cleanups: Array<() => Promise<void>>): Promise<void> {
  const appSecret = randomBytes(24).toString("hex");
  const name = benchDatabaseName();
  // Registered first, so it runs last: drops the database even when preparing it failed halfway.
  cleanups.push(() => dropPostgresDatabase(options.postgresUrl, name));

  if (options.reuseBuild && hasBuild()) log(`reusing the build in ${DIST_DIR}`);
  else {
    // The build runs start-up code, which validates the environment: give it a plausible one.
    await buildNext(serverEnv({ appUrl: "postgresql://leadline_app@127.0.0.1:5432/unused", ownerUrl: "postgresql://postgres@127.0.0.1:5432/unused" }, appSecret), log);
  }
  if (interrupted()) return;

  log(`creating database ${name} with ${options.pages} FACEBOOK Pages`);
  const database = await prepareDatabase(options.postgresUrl, name, options.pages);
  const port = await freePort();
  log(`starting next start on 127.0.0.1:${port}`);
  const server: NextServer = await startNext(serverEnv(database, appSecret), port, interrupted);
  cleanups.push(server.stop);
  const owner = new pg.Client({ connectionString: database.ownerUrl, application_name: "leadline-bench" });
  await owner.connect();
  cleanups.push(() => owner.end());

  const loadStart = loadavg()[0] ?? 0;
  const { phases, drain } = await runPhases(
    { port, serverPid: server.pid, owner, database: name, appSecret, pages: options.pages, connections: options.connections, settleSeconds: options.settleSeconds, interrupted, log },
    options.seconds,
    options.warmupSeconds,
  );
  if (interrupted()) return;
  const header = [
    `Leadline ingest benchmark: \`next start\` (${DIST_DIR}) on local PostgreSQL, embedded queue + local models in the same process.`,
    `${options.connections} keep-alive connections, closed loop, ${options.seconds} s per mode; signed Messenger deliveries over ${options.pages} Pages, every mid new.`,
    "baseline = POST /api/bench-baseline in the same server: one INSERT through the app's pool and role per request.",
    "CPU and transaction columns are per request over the whole mode and include the queue's agent work running beside it (jobs done).",
    `machine: ${availableParallelism()} cores, load average ${loadStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end (the load generator shares these cores).`,
  ];
  console.log(`\n${formatReport(phases.map(figures), { connections: options.connections, seconds: options.seconds, pages: options.pages, header, drain })}`);
}

async function main(): Promise<number> {
  const { options, help } = parseIngestArgs(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return 0;
  }
  let stopped = false;
  const cleanups: Array<() => Promise<void>> = [];
  const onSignal = () => {
    if (stopped) return;
    stopped = true;
    log("interrupted: stopping the load, the server and dropping the database");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await run(options, () => stopped, cleanups);
    return stopped ? 130 : 0;
  } catch (error) {
    if (stopped) return 130;
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

process.exit(await main());
