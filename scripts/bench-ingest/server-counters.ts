import type pg from "pg";
import { cpuBetween, cpuSnapshot } from "../bench/cpu-usage";
import { processTreeCpuMs } from "./process-tree-cpu";

/** What the server side did, read from /proc and PostgreSQL's own statistics. */
export type Counters = {
  serverCpuMs: number | null;
  cpu: Awaited<ReturnType<typeof cpuSnapshot>>;
  /** pg_stat_database of the bench database: every connection (app pool and queue). */
  transactions: number;
  rowsInserted: number;
  rowsUpdated: number;
  /** process-message jobs not finished yet. */
  backlog: number;
  jobsDone: number;
};

export async function readCounters(owner: pg.Client, database: string, serverPid: number): Promise<Counters> {
  const serverCpuMs = processTreeCpuMs(serverPid);
  const cpu = await cpuSnapshot(owner, database);
  const { rows: [db] } = await owner.query<{ transactions: string; inserted: string; updated: string }>(
    `SELECT xact_commit + xact_rollback AS transactions, tup_inserted AS inserted, tup_updated AS updated FROM pg_stat_database WHERE datname = $1`,
    [database],
  );
  const { rows: [jobs] } = await owner.query<{ backlog: string; done: string }>(
    `SELECT count(*) FILTER (WHERE state IN ('created', 'retry', 'active')) AS backlog, count(*) FILTER (WHERE state = 'completed') AS done
       FROM pgboss.job WHERE name = 'process-message'`,
  );
  return {
    serverCpuMs, cpu,
    transactions: Number(db?.transactions ?? 0), rowsInserted: Number(db?.inserted ?? 0), rowsUpdated: Number(db?.updated ?? 0),
    backlog: Number(jobs?.backlog ?? 0), jobsDone: Number(jobs?.done ?? 0),
  };
}

export type CounterDelta = {
  serverCpuMs: number | null;
  postgresCpuMs: number | null;
  loaderCpuMs: number;
  transactions: number;
  rowsWritten: number;
  jobsDone: number;
  backlogAtStart: number;
};

export function countersBetween(before: Counters, after: Counters): CounterDelta {
  const cpu = cpuBetween(before.cpu, after.cpu);
  return {
    serverCpuMs: before.serverCpuMs === null || after.serverCpuMs === null ? null : after.serverCpuMs - before.serverCpuMs,
    postgresCpuMs: cpu.postgres,
    loaderCpuMs: cpu.node,
    transactions: after.transactions - before.transactions,
    rowsWritten: after.rowsInserted - before.rowsInserted + (after.rowsUpdated - before.rowsUpdated),
    jobsDone: after.jobsDone - before.jobsDone,
    backlogAtStart: before.backlog,
  };
}
