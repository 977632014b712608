import pg from "pg";
import PgBoss from "pg-boss";
import { demoBody } from "../helpers/pipeline";
import { createMigratedDatabase } from "../helpers/migrated-database";
import { startAppProcess, type AppProcess } from "../helpers/app-process";
import { demoDelivery, deliver } from "./fault-app";

/** The embedded queue's schema in this test process, inherited by the app processes it starts (tests/setup/env.ts). */
const QUEUE_SCHEMA = process.env.QUEUE_SCHEMA ?? "pgboss";

/**
 * Scenarios whose workers run in child app processes get a database of their own: in `npm test`
 * other files' queue workers share the run's database and would take these jobs.
 */
export type IsolatedPipeline = {
  ownerUrl: string;
  appUrl: string;
  sql: pg.Client;
  /** Starts an app process (webhook route + queue workers) on this database. */
  start(env?: Record<string, string>): Promise<AppProcess>;
  close(): Promise<void>;
};

export type SeededWorkspace = { workspaceId: string; externalId: string; secret: string };

export async function startIsolatedPipeline(): Promise<IsolatedPipeline> {
  const database = await createMigratedDatabase("faults");
  const sql = new pg.Client({ connectionString: database.ownerUrl });
  await sql.connect();
  const started: AppProcess[] = [];
  return {
    ownerUrl: database.ownerUrl,
    appUrl: database.appUrl,
    sql,
    async start(env = {}) {
      const app = await startAppProcess({ DATABASE_URL: database.appUrl, MIGRATE_DATABASE_URL: database.ownerUrl, QUEUE_SCHEDULES: "false", LOG_LEVEL: "silent", ...env });
      started.push(app);
      return app;
    },
    async close() {
      for (const app of started) app.kill("SIGKILL");
      await Promise.all(started.map((a) => a.exited));
      await sql.end();
      await database.drop();
    },
  };
}

/** Posts `count` signed Demo messages to an app process; answers their platform message ids (all must be acknowledged). */
export async function postMessages(appUrl: string, ws: SeededWorkspace, count: number, label: string): Promise<string[]> {
  const bodies = Array.from({ length: count }, (_, i) => demoBody(ws.externalId, `${label} ${i}: how much is the Pro plan for ${i + 2} people?`));
  const statuses = await Promise.all(bodies.map((b) => deliver(appUrl, demoDelivery(ws, b)).then((r) => r.status)));
  const refused = statuses.filter((s) => s !== 200).length;
  if (refused > 0) throw new Error(`${refused} of ${count} deliveries were not acknowledged: ${[...new Set(statuses)].join(", ")}`);
  return bodies.map((b) => (JSON.parse(b) as { messageId: string }).messageId);
}

export type ProcessingTally = { messages: number; processed: number; intentRunsPerMessage: number[]; aiAuditsPerMessage: number[]; repliesPerMessage: number[] };

/** Per message: processed?, how many intent runs, AI audit entries and replies it got (owner connection, all tenants). */
export async function tallyProcessing(sql: pg.Client, platformMessageIds: readonly string[]): Promise<ProcessingTally> {
  const { rows } = await sql.query<{ status: string; intent_runs: number; audits: number; replies: number }>(
    `SELECT m.status::text AS status,
            (SELECT count(*)::int FROM agent_runs r WHERE r."messageId" = m.id AND r.agent = 'intent') AS intent_runs,
            (SELECT count(*)::int FROM audit_logs a WHERE a."targetId" = m.id AND a.action LIKE 'ai.%') AS audits,
            (SELECT count(*)::int FROM replies p WHERE p."inReplyToId" = m.id) AS replies
       FROM messages m WHERE m."platformMessageId" = ANY($1::text[])`,
    [platformMessageIds],
  );
  return {
    messages: rows.length,
    processed: rows.filter((r) => r.status === "PROCESSED").length,
    intentRunsPerMessage: rows.map((r) => r.intent_runs),
    aiAuditsPerMessage: rows.map((r) => r.audits),
    repliesPerMessage: rows.map((r) => r.replies),
  };
}

export async function processedCount(sql: pg.Client, platformMessageIds: readonly string[]): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE status = 'PROCESSED' AND "platformMessageId" = ANY($1::text[])`, [platformMessageIds]);
  return rows[0]?.n ?? 0;
}

export async function activeJobs(sql: pg.Client, name = "process-message"): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'active'`, [name]);
  return rows[0]?.n ?? 0;
}

/**
 * Time passes for the jobs a killed worker held: their start is moved back past `expire_in` (the
 * lease, 150 s for process-message), pg-boss's own maintenance step fails them over to retry (as
 * a surviving process' maintenance would on its next run), and the retry backoff is let run out,
 * so the next worker's first fetch takes every waiting job at once.
 */
export async function letLeasesRunOut(pipeline: Pick<IsolatedPipeline, "sql" | "ownerUrl">): Promise<number> {
  const { rowCount } = await pipeline.sql.query(`UPDATE ${QUEUE_SCHEMA}.job SET started_on = now() - expire_in - interval '1 second' WHERE state = 'active'`);
  const boss = new PgBoss({ connectionString: pipeline.ownerUrl, schema: QUEUE_SCHEMA, supervise: false, schedule: false, migrate: false, max: 1 });
  boss.on("error", () => undefined);
  await boss.start();
  try {
    await (boss as unknown as { expire(): Promise<void> }).expire();
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  await pipeline.sql.query(`UPDATE ${QUEUE_SCHEMA}.job SET start_after = now() WHERE state = 'retry'`);
  return rowCount ?? 0;
}

export async function waitingJobs(sql: pg.Client, name = "process-message"): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry')`, [name]);
  return rows[0]?.n ?? 0;
}
