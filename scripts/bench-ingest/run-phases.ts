import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { driveHttp, type LoadRequest } from "./drive-http";
import type { PhaseResult } from "./format-report";
import { createDeliveries } from "./meta-deliveries";
import { countersBetween, readCounters, type CounterDelta } from "./server-counters";

export type PhaseContext = {
  port: number;
  serverPid: number;
  owner: pg.Client;
  database: string;
  appSecret: string;
  pages: number;
  connections: number;
  settleSeconds: number;
  interrupted: () => boolean;
  log: (line: string) => void;
};

/** PostgreSQL publishes other backends' statistics up to a second late. */
const STATS_FLUSH_MS = 1_200;
let runCounter = 0;

function webhookRequests(ctx: PhaseContext, entriesPerBody: number): () => LoadRequest {
  // Digits only: the run prefixes numeric customer ids; unique per phase, so every mid is new.
  const run = `${Date.now() % 1_000_000}${runCounter++}`;
  const deliveries = createDeliveries({ run, pages: ctx.pages, entriesPerBody, appSecret: ctx.appSecret });
  return () => {
    const d = deliveries.next();
    return { path: "/api/webhooks/facebook", body: d.body, entries: d.entries, headers: { "content-type": "application/json", "x-hub-signature-256": d.signature } };
  };
}

const baselineRequest = (): LoadRequest => ({ path: "/api/bench-baseline", body: "{}", entries: 0, headers: { "content-type": "application/json" } });

/** Waits (up to settleSeconds) for the embedded queue to finish the messages of earlier phases. */
async function settle(ctx: PhaseContext): Promise<void> {
  const deadline = Date.now() + ctx.settleSeconds * 1000;
  for (;;) {
    const { backlog } = await readCounters(ctx.owner, ctx.database, ctx.serverPid);
    if (backlog === 0 || Date.now() >= deadline || ctx.interrupted()) {
      if (backlog > 0) ctx.log(`  queue backlog still ${backlog} process-message jobs; going on (--settle-seconds ${ctx.settleSeconds})`);
      return;
    }
    await sleep(1_000);
  }
}

async function phase(ctx: PhaseContext, mode: string, entries: number | null, seconds: number): Promise<PhaseResult> {
  await settle(ctx);
  ctx.log(`${mode}: ${seconds} s at ${ctx.connections} connections`);
  const next = entries === null ? baselineRequest : webhookRequests(ctx, entries);
  const before = await readCounters(ctx.owner, ctx.database, ctx.serverPid);
  const load = await driveHttp({ port: ctx.port, connections: ctx.connections, seconds, next, stop: ctx.interrupted });
  await sleep(STATS_FLUSH_MS);
  const after = await readCounters(ctx.owner, ctx.database, ctx.serverPid);
  return { mode, entries, seconds: load.seconds, outcomes: load.outcomes, counters: countersBetween(before, after) };
}

/**
 * Warm-up (unmeasured), then the baseline first, while the queue is idle, then 1-entry and
 * 20-entry bodies. The embedded queue runs the agents on every stored message in the same
 * process, as in production without QStash: later phases share the CPU with that work.
 */
export async function runPhases(ctx: PhaseContext, seconds: number, warmupSeconds: number): Promise<{ phases: PhaseResult[]; drain: Drain | null }> {
  if (warmupSeconds > 0) {
    ctx.log(`warm-up: ${warmupSeconds} s per route`);
    for (const next of [baselineRequest, webhookRequests(ctx, 1), webhookRequests(ctx, 20)]) {
      await driveHttp({ port: ctx.port, connections: ctx.connections, seconds: warmupSeconds, next, stop: ctx.interrupted });
    }
  }
  const phases: PhaseResult[] = [];
  for (const [mode, entries] of [["baseline (1 INSERT)", null], ["meta 1 entry/body", 1], ["meta 20 entries/body", 20]] as const) {
    if (ctx.interrupted()) break;
    phases.push(await phase(ctx, mode, entries, seconds));
  }
  return { phases, drain: ctx.interrupted() ? null : await drain(ctx) };
}

export type Drain = { seconds: number; counters: CounterDelta };

/**
 * The queue working off the last phase's backlog with no requests coming in: what one
 * process-message job costs, so the phases' figures can be split into ingest and agent work.
 */
async function drain(ctx: PhaseContext): Promise<Drain | null> {
  const before = await readCounters(ctx.owner, ctx.database, ctx.serverPid);
  if (before.backlog === 0) return null;
  const started = performance.now();
  await settle(ctx);
  await sleep(STATS_FLUSH_MS);
  const after = await readCounters(ctx.owner, ctx.database, ctx.serverPid);
  return { seconds: (performance.now() - started) / 1000, counters: countersBetween(before, after) };
}
