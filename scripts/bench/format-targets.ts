import type { BenchRunResult } from "./run-bench";

/**
 * The three figures of issue 8 point 7, from one worker's runs (same process, same database,
 * same baseline): (a) throughput at saturation as a share of the bare-write baseline, (b) p95
 * arrival -> sent at the latency run's offered rate, (c) CPU per message at that rate over CPU
 * per message at saturation; then the per-message costs behind (c) at both loads. Arrival is
 * when the webhook was posted, so time a webhook spends waiting (a group-commit linger) counts.
 */
export const TARGETS = { baselineShare: 0.08, p95Ms: 250, cpuRatio: 1.5 } as const;

const cpuOf = (r: BenchRunResult) => r.cpuMsPerMessage.node + (r.cpuMsPerMessage.postgres ?? 0);
const fixed = (v: number, digits = 1) => v.toFixed(digits);
const verdict = (met: boolean) => (met ? "met" : "NOT MET");

function costs(r: BenchRunResult): string[] {
  const { node, postgres } = r.cpuMsPerMessage;
  const q = r.queriesPerMessage;
  return [
    postgres === null ? `${fixed(node)} ms (node, PGlite inside)` : `${fixed(cpuOf(r))} ms (node ${fixed(node)} + postgres ${fixed(postgres)})`,
    `${fixed(q.app + q.queue)} (app ${fixed(q.app)} + queue ${fixed(q.queue)})`,
    fixed(q.appTransactions),
  ];
}

export function formatTargets(db: string, results: readonly BenchRunResult[]): string[] {
  const saturation = results.find((r) => r.run === "throughput");
  const moderate = results.find((r) => r.run === "latency");
  const lines = [`${db} targets (issue 8 point 7), this run:`];
  const row = (label: string, figure: string, target: string, met: boolean | null) =>
    lines.push(`  ${label.padEnd(44)} ${figure.padEnd(62)} ${target.padEnd(16)} ${met === null ? "" : verdict(met)}`.trimEnd());

  if (saturation) {
    const share = saturation.achievedPerSecond / saturation.baselineWritesPerSecond;
    const label = saturation.offeredRate === null ? "(a) throughput at saturation" : `(a) throughput at ${saturation.offeredRate}/s offered (not saturation)`;
    row(label, `${Math.round(saturation.achievedPerSecond)} msgs/s = ${fixed(share * 100)}% of bare-write baseline ${Math.round(saturation.baselineWritesPerSecond)} rows/s`, `>= ${TARGETS.baselineShare * 100}%`, saturation.offeredRate === null ? share >= TARGETS.baselineShare : null);
  }
  if (moderate) {
    const posted = moderate.postedLatencyMs.p95;
    const accepted = moderate.latencyMs.p95;
    row(
      `(b) p95 arrival -> sent at ${moderate.offeredRate}/s offered`,
      posted === null ? "no reply sent" : `${Math.round(posted)} ms (webhook accepted -> sent: ${Math.round(accepted ?? 0)} ms)`,
      `< ${TARGETS.p95Ms} ms`,
      posted === null ? false : posted < TARGETS.p95Ms,
    );
  }
  if (saturation && moderate) {
    const ratio = cpuOf(moderate) / cpuOf(saturation);
    row(`(c) CPU/message at ${moderate.offeredRate}/s over at saturation`, `${fixed(cpuOf(moderate))} ms / ${fixed(cpuOf(saturation))} ms = ${fixed(ratio, 2)}x`, `<= ${TARGETS.cpuRatio}x`, ratio <= TARGETS.cpuRatio);
    const table = [
      ["per message", "at saturation", `at ${moderate.offeredRate}/s`],
      ["CPU", ...[saturation, moderate].map((r) => costs(r)[0]!)],
      ["queries", ...[saturation, moderate].map((r) => costs(r)[1]!)],
      ["app transactions", ...[saturation, moderate].map((r) => costs(r)[2]!)],
    ];
    const widths = [0, 1, 2].map((c) => Math.max(...table.map((t) => t[c]!.length)));
    for (const t of table) lines.push(`    ${t.map((cell, c) => cell.padEnd(widths[c]!)).join("   ")}`.trimEnd());
    const idle = moderate.idleCpuMsPerSecond;
    const idleMs = idle.node + (idle.postgres ?? 0);
    if (moderate.offeredRate !== null) {
      lines.push(`    idle (no load) ${fixed(idleMs)} ms CPU/s = ${fixed(idleMs / moderate.offeredRate)} ms of the ${fixed(cpuOf(moderate))} ms per message at ${moderate.offeredRate}/s`);
    }
  }
  return lines;
}
