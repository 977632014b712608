import { describe, expect, it } from "vitest";
import type { Outcome } from "./drive-http";
import { figures, formatDrain, formatTargets, type PhaseResult } from "./format-report";
import type { CounterDelta } from "./server-counters";

const counters: CounterDelta = { serverCpuMs: 1000, postgresCpuMs: 500, loaderCpuMs: 100, transactions: 200, rowsWritten: 400, jobsDone: 0, backlogAtStart: 0 };
const ok = (ms: number, stored = 0): Outcome => ({ status: 200, ms, stored });

function phase(mode: string, entries: number | null, outcomes: Outcome[], seconds = 1): PhaseResult {
  return { mode, entries, seconds, outcomes, counters };
}

describe("bench:ingest figures and targets", () => {
  it("counts events from what the webhook stored, and any short store or non-200 as an error", () => {
    const f = figures(phase("meta 20", 20, [ok(5, 20), ok(7, 20), ok(9, 19), { status: 429, ms: 1, stored: 0, error: "HTTP 429: slow down" }], 2));
    expect(f.reqPerSecond).toBe(2);
    expect(f.eventsPerSecond).toBe(29.5);
    expect(f.errors).toBe(2);
    expect(f.firstError).toBe("stored 19 of 20");
  });

  it("prints both target lines, with the miss spelled out", () => {
    const all = [
      figures(phase("baseline", null, Array.from({ length: 100 }, () => ok(4)))),
      figures(phase("meta 1", 1, Array.from({ length: 50 }, (_, i) => ok(i < 49 ? 20 : 150, 1)))),
    ];
    expect(formatTargets(all, 50)).toEqual([
      "events/s (1-entry bodies) = 0.50x baseline req/s (target >= 0.7x): MISSED by 0.20x (20 events/s short)",
      "p99 at 50 connections = 150 ms (target < 100 ms): MISSED by 50 ms (meta 1 150 ms)",
    ]);
  });

  it("says met when met", () => {
    const all = [figures(phase("baseline", null, [ok(4), ok(4)])), figures(phase("meta 1", 1, [ok(30, 1), ok(40, 1)]))];
    expect(formatTargets(all, 50)).toEqual([
      "events/s (1-entry bodies) = 1.00x baseline req/s (target >= 0.7x): met",
      "p99 at 50 connections = 40 ms (target < 100 ms): met (meta 1 40 ms)",
    ]);
  });

  it("splits a mode's CPU into agent jobs (at the drain's per-job cost) and ingest", () => {
    const single = figures({ mode: "meta 1", entries: 1, seconds: 1, outcomes: Array.from({ length: 100 }, () => ok(10, 1)), counters: { ...counters, serverCpuMs: 900, postgresCpuMs: 300, jobsDone: 50 } });
    const drain = { seconds: 10, counters: { ...counters, serverCpuMs: 400, postgresCpuMs: 100, transactions: 300, jobsDone: 100 } };
    expect(formatDrain(drain, [single])).toEqual([
      "queue draining after the load (no requests): 100 process-message jobs in 10.0 s; per job: app CPU 4.00 ms, pg CPU 1.00 ms, 3.00 xacts",
      "  meta 1, ingest alone (estimate): app CPU 7.00 ms/event, pg CPU 2.50 ms/event",
    ]);
    expect(formatDrain(null, [single])).toEqual([]);
  });
});
