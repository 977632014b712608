import { nodeTypes, summarizePlan, type ExplainedStatement } from "./explain-plans";
import type { ScenarioTimings } from "./time-analytics-queries";

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

/** One table per run: each aggregate's median per scenario, with its ratio to the same scenario's baseline. */
export function formatTimings(results: ScenarioTimings[]): string {
  const names = results[0]?.queries.map((q) => q.name) ?? [];
  const header = ["query", ...results.map((r) => r.scenario.label)];
  const rows = [
    ["baseline: count(*) of the workspace's messages", ...results.map((r) => `${ms(r.baseline.median)} ms`)],
    ...names.map((name) => [
      name,
      ...results.map((r) => {
        const t = r.queries.find((q) => q.name === name)!.timing;
        return `${ms(t.median)} ms (${(t.median / r.baseline.median).toFixed(2)}x) [${ms(t.min)}-${ms(t.max)}]`;
      }),
    ]),
  ];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Plan summaries: per statement its execution time, the node types it used and the plan tree. */
export function formatPlans(label: string, plans: Array<{ name: string; statements: ExplainedStatement[] }>): string {
  const out = [`EXPLAIN (ANALYZE, BUFFERS), ${label}:`];
  for (const { name, statements } of plans) {
    statements.forEach((s, i) => {
      out.push(`\n  ${name}${statements.length > 1 ? ` #${i + 1}` : ""}: ${s.executionMs.toFixed(1)} ms; nodes: ${nodeTypes(s).join(", ")}`);
      out.push(...summarizePlan(s).map((l) => `    ${l}`));
    });
  }
  return out.join("\n");
}
