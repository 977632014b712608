import { summarise } from "../bench/percentiles";
import type { Outcome } from "./drive-http";
import type { CounterDelta } from "./server-counters";

export type PhaseResult = {
  mode: string;
  /** Webhook entries per body; null for the baseline route. */
  entries: number | null;
  seconds: number;
  outcomes: Outcome[];
  counters: CounterDelta;
};

export type PhaseFigures = {
  mode: string;
  entries: number | null;
  requests: number;
  reqPerSecond: number;
  eventsPerSecond: number | null;
  p50: number | null;
  p99: number | null;
  errors: number;
  firstError: string | undefined;
  counters: CounterDelta;
};

/** An answer is an error unless it is a 200 that stored every entry of its body (all mids are new). */
export function figures(phase: PhaseResult): PhaseFigures {
  const failed = phase.outcomes.filter((o) => o.status !== 200 || o.error !== undefined || (phase.entries !== null && o.stored !== phase.entries));
  const latency = summarise(phase.outcomes.map((o) => o.ms));
  const events = phase.outcomes.reduce((sum, o) => sum + o.stored, 0);
  const first = failed[0];
  return {
    mode: phase.mode,
    entries: phase.entries,
    requests: phase.outcomes.length,
    reqPerSecond: phase.outcomes.length / phase.seconds,
    eventsPerSecond: phase.entries === null ? null : events / phase.seconds,
    p50: latency.p50,
    p99: latency.p99,
    errors: failed.length,
    firstError: first ? (first.error ?? `stored ${first.stored} of ${phase.entries}`) : undefined,
    counters: phase.counters,
  };
}

const ms = (v: number | null) => (v === null ? "-" : v < 10 ? v.toFixed(1) : String(Math.round(v)));
const rate = (v: number | null) => (v === null ? "-" : v >= 100 ? String(Math.round(v)) : v.toFixed(1));
const per = (total: number | null, n: number) => (total === null || n === 0 ? "-" : (total / n).toFixed(2));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** The two target lines of issue 9: throughput against the same-run baseline, and p99 at full concurrency. */
export function formatTargets(all: PhaseFigures[], connections: number): string[] {
  const baseline = all.find((f) => f.entries === null);
  const single = all.find((f) => f.entries === 1);
  const lines: string[] = [];
  if (baseline && single && single.eventsPerSecond !== null && baseline.reqPerSecond > 0) {
    const ratio = single.eventsPerSecond / baseline.reqPerSecond;
    const verdict = ratio >= 0.7 ? "met" : `MISSED by ${(0.7 - ratio).toFixed(2)}x (${Math.round(0.7 * baseline.reqPerSecond - single.eventsPerSecond)} events/s short)`;
    lines.push(`events/s (1-entry bodies) = ${ratio.toFixed(2)}x baseline req/s (target >= 0.7x): ${verdict}`);
  }
  const webhooks = all.filter((f) => f.entries !== null && f.p99 !== null);
  if (webhooks.length > 0) {
    const worst = webhooks.reduce((a, b) => ((b.p99 ?? 0) > (a.p99 ?? 0) ? b : a));
    const p99 = Math.round(worst.p99 ?? 0);
    const each = webhooks.map((f) => `${f.mode} ${Math.round(f.p99 ?? 0)} ms`).join(", ");
    lines.push(`p99 at ${connections} connections = ${p99} ms (target < 100 ms): ${p99 < 100 ? "met" : `MISSED by ${p99 - 100} ms`} (${each})`);
  }
  return lines;
}

/**
 * What one agent job costs when the queue drains with no requests coming in, and the phases'
 * CPU with that cost taken off for the jobs they ran: an estimate of ingest alone.
 */
export function formatDrain(drain: { seconds: number; counters: CounterDelta } | null, all: PhaseFigures[]): string[] {
  const jobs = drain?.counters.jobsDone ?? 0;
  if (!drain || jobs === 0) return [];
  const c = drain.counters;
  const appPerJob = c.serverCpuMs === null ? null : c.serverCpuMs / jobs;
  const pgPerJob = c.postgresCpuMs === null ? null : c.postgresCpuMs / jobs;
  const lines = [`queue draining after the load (no requests): ${jobs} process-message jobs in ${drain.seconds.toFixed(1)} s; per job: app CPU ${per(c.serverCpuMs, jobs)} ms, pg CPU ${per(c.postgresCpuMs, jobs)} ms, ${per(c.transactions, jobs)} xacts`];
  for (const f of all) {
    const events = f.eventsPerSecond === null ? 0 : Math.round(f.eventsPerSecond * (f.requests / f.reqPerSecond));
    if (events === 0) continue;
    const minus = (total: number | null, perJob: number | null) => (total === null || perJob === null ? null : Math.max(0, total - perJob * f.counters.jobsDone));
    lines.push(`  ${f.mode}, ingest alone (estimate): app CPU ${per(minus(f.counters.serverCpuMs, appPerJob), events)} ms/event, pg CPU ${per(minus(f.counters.postgresCpuMs, pgPerJob), events)} ms/event`);
  }
  return lines;
}

export function formatReport(all: PhaseFigures[], context: { connections: number; seconds: number; pages: number; header: string[]; drain?: { seconds: number; counters: CounterDelta } | null }): string {
  const rows = [["mode", "req/s", "events/s", "p50 ms", "p99 ms", "errors", "app CPU ms/req", "pg CPU ms/req", "xacts/req", "rows/req", "jobs done", "backlog@start"]];
  for (const f of all) {
    const c = f.counters;
    rows.push([f.mode, rate(f.reqPerSecond), rate(f.eventsPerSecond), ms(f.p50), ms(f.p99), String(f.errors), per(c.serverCpuMs, f.requests), per(c.postgresCpuMs, f.requests), per(c.transactions, f.requests), per(c.rowsWritten, f.requests), String(c.jobsDone), String(c.backlogAtStart)]);
  }
  const errors = all.filter((f) => f.firstError).map((f) => `${f.mode}: ${f.errors} errors, first: ${f.firstError}`);
  return [
    ...context.header,
    "",
    table(rows),
    "",
    ...formatTargets(all, context.connections),
    ...formatDrain(context.drain ?? null, all),
    ...(errors.length > 0 ? ["", ...errors] : []),
  ].join("\n");
}
