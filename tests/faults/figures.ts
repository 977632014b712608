/**
 * The fault suite's one table: each scenario records its figures (counts, never timings) as it
 * goes, and the suite prints them once at the end, with whether the scenario's checks held.
 */
export type FigureRow = { scenario: string; figures: string[]; verdict: "pass" | "FAIL" | "not run" };

const rows = new Map<string, FigureRow>();

export function figure(scenario: string, line: string): void {
  const row = rows.get(scenario) ?? { scenario, figures: [], verdict: "not run" };
  row.figures.push(line);
  rows.set(scenario, row);
}

export function settle(scenario: string, passed: boolean): void {
  const row = rows.get(scenario) ?? { scenario, figures: ["(no figures recorded)"], verdict: "not run" };
  row.verdict = passed ? "pass" : "FAIL";
  rows.set(scenario, row);
}

/** A plain-text table: scenario | figures | result, one figure per line. */
export function formatTable(): string {
  const all = [...rows.values()];
  const width = { scenario: Math.max(8, ...all.map((r) => r.scenario.length)), figures: Math.max(7, ...all.flatMap((r) => r.figures.map((f) => f.length))) };
  const line = (a: string, b: string, c: string) => `| ${a.padEnd(width.scenario)} | ${b.padEnd(width.figures)} | ${c.padEnd(7)} |`;
  const rule = `|${"-".repeat(width.scenario + 2)}|${"-".repeat(width.figures + 2)}|---------|`;
  const out = ["", "Fault and abuse suite (npm run test:faults)", line("scenario", "figures", "result"), rule];
  for (const row of all) {
    row.figures.forEach((f, i) => out.push(line(i === 0 ? row.scenario : "", f, i === 0 ? row.verdict : "")));
    out.push(rule);
  }
  return out.join("\n");
}
