import { ratio, type Minimum, type RateLimit } from "./crm-minimum";

/** One CRM's figures after the engine finished with it. */
export type CrmBenchResult = {
  crm: string;
  leads: number;
  durationMs: number;
  /** Time waiting for the pacer (the rate limit) and in the CRM's HTTP calls, summed over the batches a run keeps in flight. */
  pacingMs: number;
  httpMs: number;
  /** Engine runs it took (the time budget splits a long sync into continuations). */
  runs: number;
  /** Requests the fake saw, by endpoint (refused ones included). */
  callsByEndpoint: Record<string, number>;
  /** The CRM's limit the minimum is computed against, and what Leadline paces to. */
  limit: RateLimit & { label: string };
  pacing: RateLimit;
  minimum: Minimum;
  /** How the minimum's calls break down, in words. */
  minimumNote: string;
  presence: { once: number; missing: number; duplicated: number; foreign: number };
  /** Links the engine left SYNCED / anything else (FAILED, DEAD, missing). */
  linksSynced: number;
  /** 429s the fake answered. */
  refused: number;
  /** How long the fake was busy with its own work (one request at a time, in its own process). */
  fakeBusyMs: number;
};

export type Verdict = { callRatio: number; durationRatio: number; met: boolean; allOnce: boolean };

export function verdictOf(r: CrmBenchResult, target: number): Verdict {
  const calls = totalCalls(r);
  const callRatio = ratio(calls, r.minimum.calls);
  const durationRatio = ratio(r.durationMs, r.minimum.durationMs);
  const allOnce = r.presence.once === r.leads && r.presence.duplicated === 0 && r.presence.foreign === 0;
  return { callRatio, durationRatio, met: callRatio <= target && durationRatio <= target, allOnce };
}

export const totalCalls = (r: CrmBenchResult) => Object.values(r.callsByEndpoint).reduce((a, b) => a + b, 0);

const n = (x: number) => x.toLocaleString("en-US");
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : "inf");
const rate = (l: RateLimit) => `${n(l.requests)} / ${l.perMs % 1000 === 0 ? `${l.perMs / 1000} s` : `${l.perMs} ms`}`;

export function formatCrmReport(results: readonly CrmBenchResult[], o: { target: number; scale: number; header: string[] }): string {
  const lines = [...o.header, ""];
  for (const r of results) {
    const v = verdictOf(r, o.target);
    const byEndpoint = Object.entries(r.callsByEndpoint)
      .filter(([, c]) => c > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([k, c]) => `${k} ${n(c)}`)
      .join(", ");
    lines.push(
      `${r.crm}: ${n(r.leads)} leads`,
      `  limit     ${r.limit.label}: ${rate(r.limit)}${o.scale > 1 ? ` (real window / ${o.scale})` : ""}; Leadline paces to ${rate(r.pacing)}`,
      `  duration  ${s(r.durationMs)} in ${r.runs} engine run${r.runs === 1 ? "" : "s"}; minimum ${s(r.minimum.durationMs)} (when the last of ${n(r.minimum.calls)} calls can start under the rolling window); ratio ${x(v.durationRatio)}`,
      `  time      ${s(r.pacingMs)} waiting for the limit, ${s(r.httpMs)} in HTTP calls (summed over the batches in flight side by side)`,
      `  fake      busy ${s(r.fakeBusyMs)} of the ${s(r.durationMs)} (its own work, one request at a time: near the duration, the fake is the bottleneck)`,
      `  calls     ${n(totalCalls(r))} (${byEndpoint || "none"}); ${n(r.refused)} answered 429`,
      `  minimum   ${n(r.minimum.calls)} = ${r.minimumNote}; ratio ${x(v.callRatio)}`,
      `  in CRM    ${n(r.presence.once)} / ${n(r.leads)} exactly once, ${n(r.presence.missing)} missing, ${n(r.presence.duplicated)} duplicated, ${n(r.presence.foreign)} unknown; links SYNCED ${n(r.linksSynced)}`,
      `  target    <= ${o.target}x calls and duration: ${v.met ? "met" : "NOT MET"}; every lead once: ${v.allOnce ? "yes" : "NO"}`,
      "",
    );
  }
  return lines.join("\n");
}
