import { formatTargets } from "./format-targets";
import type { BenchRunResult } from "./run-bench";

type WorkerReport = {
  settings: { queueConcurrency: number; poolMax: number; posters: number };
  /** 1-minute load average when the worker started and finished: other work on the machine skews every figure. */
  machine: { cores: number; loadStart: number; loadEnd: number };
  results: BenchRunResult[];
};

const ms = (v: number | null) => (v === null ? "-" : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);
const rate = (v: number) => (v >= 100 ? String(Math.round(v)) : v.toFixed(1));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** The summary table plus, per run, what happened to the messages and the settings used. */
export function formatReport(reports: ReadonlyArray<{ db: string; report: WorkerReport | null; error?: string }>, messages: number): string {
  const header = ["db", "run", "offered msgs/s", "achieved msgs/s", "p50", "p95", "p99", "baseline writes/s"];
  const rows = [header];
  const details: string[] = [];
  const targets: string[] = [];
  for (const { db, report, error } of reports) {
    if (!report) {
      rows.push([db, "FAILED", "-", "-", "-", "-", "-", "-"]);
      details.push(`${db}: ${error ?? "worker failed"}`);
      continue;
    }
    const { settings, machine } = report;
    targets.push(...formatTargets(db, report.results), "");
    details.push(`${db}: ${machine.cores} cores, load average ${machine.loadStart.toFixed(1)} at start, ${machine.loadEnd.toFixed(1)} at end`);
    for (const r of report.results) {
      rows.push([db, r.run, r.offeredRate === null ? "unlimited" : rate(r.offeredRate), rate(r.achievedPerSecond), ms(r.latencyMs.p50), ms(r.latencyMs.p95), ms(r.latencyMs.p99), rate(r.baselineWritesPerSecond)]);
      const intents = Object.entries(r.intents).map(([k, v]) => `${k.toLowerCase()} ${v}`).join(", ");
      details.push(
        `${db}/${r.run}: ${r.messages} messages in ${r.seconds.toFixed(1)} s end to end; webhooks accepted at ${rate(r.postedPerSecond)}/s ` +
          `(accept p50 ${ms(r.webhookMs.p50)}, p99 ${ms(r.webhookMs.p99)}); ${r.sent} replies SENT, processed only: ${r.drafted} drafts + ${r.noReply} without reply; ` +
          `failed ${r.failed}, rejected ${r.rejected}, incomplete ${r.incomplete}; intents: ${intents}; max arrival->sent ${ms(r.latencyMs.max)}; ` +
          `CPU/message: node ${r.cpuMsPerMessage.node} ms${r.cpuMsPerMessage.postgres === null ? "" : `, postgres ${r.cpuMsPerMessage.postgres} ms`}; ` +
          `queries/message: ${r.queriesPerMessage.app} app (${r.queriesPerMessage.appTransactions} transactions) + ${r.queriesPerMessage.queue} queue; ` +
          `queue concurrency ${settings.queueConcurrency}, app pool ${settings.poolMax}, ${settings.posters} concurrent callers, ${r.channels} channel(s)`,
      );
    }
  }
  return [
    `Leadline pipeline benchmark: ${messages} demo messages per run, local models (intent, scorer, reply).`,
    "Messages are posted through the webhook service layer (handleWebhook with real Demo-channel signatures), not over HTTP.",
    "achieved = messages completed / (first webhook accepted -> last reply sent or message processed);",
    "p50/p95/p99 = webhook accepted -> reply SENT (sent replies only); baseline = bare single-row INSERTs through pg, same concurrency.",
    "",
    table(rows),
    "",
    ...targets,
    ...details,
  ].join("\n");
}

export type { WorkerReport };
