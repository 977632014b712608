import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { startQueue } from "../../src/server/infra/runtime/queue";
import { measureBaselineWrites } from "./baseline-writes";
import { BENCH_APPLICATION_NAME, breakdown, countQueries, type QueryCounts } from "./count-queries";
import { cpuBetween, cpuSnapshot } from "./cpu-usage";
import { measure, readOutcomes, waitForPipeline, type RunMeasurement } from "./collect-results";
import { driveLoad } from "./drive-load";
import { seedBenchWorkspace } from "./seed-bench-workspace";

const IDLE_SECONDS = 5;

export type BenchRunResult = RunMeasurement & {
  db: "embedded" | "postgres";
  run: "throughput" | "latency";
  /** null = unlimited (posters back to back). */
  offeredRate: number | null;
  baselineWritesPerSecond: number;
  channels: number;
  /** Queries sent per message (app through Prisma, of which BEGINs; queue through pg-boss). */
  queriesPerMessage: QueryCounts;
  /** CPU ms per message: this process (app, queue, load generator, and PGlite when embedded) and the PostgreSQL backends. */
  cpuMsPerMessage: { node: number; postgres: number | null };
  /**
   * CPU ms per second with the app started and no load (queue polling, pg-boss upkeep, timers),
   * measured once after the warm-up: the part of a run's CPU that grows with its duration, so a
   * slow run pays more of it per message (at 50 msg/s, this figure / 50 per message).
   */
  idleCpuMsPerSecond: { node: number; postgres: number | null };
};

export type BenchSettings = {
  db: "embedded" | "postgres";
  ownerUrl: string;
  /** The real server's database name, to find its backends' CPU time; null for PGlite. */
  pgDatabase: string | null;
  messages: number;
  rate?: number;
  latencyRate: number;
  posters: number;
  poolMax: number;
  warmup: number;
  runs: ReadonlyArray<"throughput" | "latency">;
  log: (line: string) => void;
};

/** One pass: a fresh workspace, the load, then wait for the pipeline to drain and read back. */
async function runOnce(s: BenchSettings, client: pg.Client, queries: () => QueryCounts, label: string, messages: number, rate: number | undefined) {
  const { workspaceId, channels } = await seedBenchWorkspace(label, messages);
  const before = queries();
  breakdown?.clear();
  const cpuBefore = await cpuSnapshot(client, s.pgDatabase);
  s.log(`${label}: posting ${messages} messages ${rate ? `at ${rate}/s` : `with ${s.posters} concurrent webhook calls`} over ${channels.length} channel(s)`);
  const arrivals = await driveLoad({ run: `${label}-${workspaceId.slice(-6)}`, channels, messages, rate, posters: s.posters });
  const stored = arrivals.filter((a) => !a.error).length;
  s.log(`${label}: ${stored} accepted${stored < messages ? ` (${messages - stored} rejected: ${arrivals.find((a) => a.error)?.error})` : ""}; waiting for the pipeline`);
  // Allow for a pipeline as slow as 4 messages/s before calling it stuck.
  const drained = await waitForPipeline(client, workspaceId, stored, Math.max(120_000, messages * 250));
  if (!drained) s.log(`${label}: timed out waiting for the pipeline; unfinished messages are reported as incomplete`);
  const after = queries();
  if (breakdown) for (const [k, v] of [...breakdown].sort((a, b) => b[1] - a[1]).slice(0, 25)) s.log(`${label} q ${(v / messages).toFixed(2)} ${k}`);
  const cpu = cpuBetween(cpuBefore, await cpuSnapshot(client, s.pgDatabase));
  const round = (v: number) => Math.round(v * 10) / 10;
  const perMessage = (k: keyof QueryCounts) => round((after[k] - before[k]) / messages);
  return {
    measurement: measure(arrivals, await readOutcomes(client, workspaceId)),
    channels: channels.length,
    queriesPerMessage: { app: perMessage("app"), appTransactions: perMessage("appTransactions"), queue: perMessage("queue") },
    cpuMsPerMessage: { node: round(cpu.node / messages), postgres: cpu.postgres === null ? null : round(cpu.postgres / messages) },
  };
}

/** Warm-up, baseline writes, then the throughput and latency runs: same process, same database. */
export async function runBench(s: BenchSettings): Promise<BenchRunResult[]> {
  const queries = countQueries();
  const client = new pg.Client({ connectionString: s.ownerUrl, application_name: BENCH_APPLICATION_NAME });
  await client.connect();
  try {
    await startQueue();
    if (s.warmup > 0) await runOnce(s, client, queries, "warmup", s.warmup, undefined);

    s.log(`idle: ${IDLE_SECONDS} s with the app started and no load`);
    const idleBefore = await cpuSnapshot(client, s.pgDatabase);
    await sleep(IDLE_SECONDS * 1000);
    const idle = cpuBetween(idleBefore, await cpuSnapshot(client, s.pgDatabase));
    const perSecond = (v: number) => Math.round((v / IDLE_SECONDS) * 10) / 10;
    const idleCpuMsPerSecond = { node: perSecond(idle.node), postgres: idle.postgres === null ? null : perSecond(idle.postgres) };

    s.log(`baseline: ${s.messages} single-row INSERTs, ${s.posters} concurrent, pool ${s.poolMax}`);
    const baseline = await measureBaselineWrites(s.ownerUrl, s.messages, s.posters, s.poolMax);

    const results: BenchRunResult[] = [];
    for (const run of s.runs) {
      const offeredRate = run === "throughput" ? s.rate : s.latencyRate;
      const r = await runOnce(s, client, queries, run, s.messages, offeredRate);
      results.push({
        db: s.db, run, offeredRate: offeredRate ?? null, baselineWritesPerSecond: baseline, channels: r.channels,
        queriesPerMessage: r.queriesPerMessage, cpuMsPerMessage: r.cpuMsPerMessage, idleCpuMsPerSecond, ...r.measurement,
      });
    }
    return results;
  } finally {
    await client.end();
  }
}
