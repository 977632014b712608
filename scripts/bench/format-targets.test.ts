import { describe, expect, it } from "vitest";
import { formatTargets } from "./format-targets";
import type { BenchRunResult } from "./run-bench";

const summary = (p95: number | null) => ({ count: p95 === null ? 0 : 10, p50: p95, p95, p99: p95, max: p95 });

function result(run: "throughput" | "latency", o: { rate: number | null; achieved: number; node: number; postgres: number | null; p95Posted?: number | null; p95?: number | null }): BenchRunResult {
  return {
    db: "postgres", run, offeredRate: o.rate, baselineWritesPerSecond: 2_500, channels: 1,
    queriesPerMessage: { app: run === "throughput" ? 1.6 : 8.6, appTransactions: run === "throughput" ? 0.3 : 1.2, queue: run === "throughput" ? 0.3 : 1.2 },
    cpuMsPerMessage: { node: o.node, postgres: o.postgres },
    idleCpuMsPerSecond: { node: 20, postgres: o.postgres === null ? null : 5 },
    messages: 100, seconds: 1, achievedPerSecond: o.achieved, postedPerSecond: o.achieved,
    latencyMs: summary(o.p95 ?? null), postedLatencyMs: summary(o.p95Posted ?? null), webhookMs: summary(5),
    sent: 10, drafted: 0, noReply: 0, failed: 0, rejected: 0, incomplete: 0, intents: {},
  };
}

describe("formatTargets", () => {
  it("prints the three figures of the same run with their targets, and the per-message costs at both loads", () => {
    const lines = formatTargets("postgres", [
      result("throughput", { rate: null, achieved: 250, node: 4, postgres: 2 }),
      result("latency", { rate: 50, achieved: 50, node: 6, postgres: 4, p95Posted: 240, p95: 200 }),
    ]).join("\n");
    expect(lines).toMatch(/\(a\) throughput at saturation\s+250 msgs\/s = 10\.0% of bare-write baseline 2500 rows\/s\s+>= 8%\s+met/);
    expect(lines).toMatch(/\(b\) p95 arrival -> sent at 50\/s offered\s+240 ms \(webhook accepted -> sent: 200 ms\)\s+< 250 ms\s+met/);
    expect(lines).toMatch(/\(c\) CPU\/message at 50\/s over at saturation\s+10\.0 ms \/ 6\.0 ms = 1\.67x\s+<= 1\.5x\s+NOT MET/);
    expect(lines).toMatch(/CPU\s+6\.0 ms \(node 4\.0 \+ postgres 2\.0\)\s+10\.0 ms \(node 6\.0 \+ postgres 4\.0\)/);
    expect(lines).toMatch(/queries\s+1\.9 \(app 1\.6 \+ queue 0\.3\)\s+9\.8 \(app 8\.6 \+ queue 1\.2\)/);
    expect(lines).toMatch(/app transactions\s+0\.3\s+1\.2/);
    expect(lines).toMatch(/idle \(no load\) 25\.0 ms CPU\/s = 0\.5 ms of the 10\.0 ms per message at 50\/s/);
  });

  it("does not call a throughput run at a fixed rate saturation, and reports a run without sends as missing the latency target", () => {
    const lines = formatTargets("embedded", [
      result("throughput", { rate: 100, achieved: 100, node: 5, postgres: null }),
      result("latency", { rate: 50, achieved: 50, node: 6, postgres: null }),
    ]).join("\n");
    expect(lines).toMatch(/\(a\) throughput at 100\/s offered \(not saturation\)\s+100 msgs\/s = 4\.0% .*>= 8%$/m);
    expect(lines).toMatch(/no reply sent\s+< 250 ms\s+NOT MET/);
    expect(lines).toMatch(/CPU\s+5\.0 ms \(node, PGlite inside\)/);
  });
});
