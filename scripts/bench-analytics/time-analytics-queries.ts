import { performance } from "node:perf_hooks";
import { sqlRange, type AnalyticsInput } from "../../src/server/analytics/analytics-input";
import { assertChannelInWorkspace } from "../../src/server/channels/assert-channel-in-workspace";
import { runAnalyticsQuery } from "../../src/server/analytics/run-analytics-query";
import { withTenantSql } from "../../src/server/infra/db/sql";
import { withTenant } from "../../src/server/infra/db/tenant";
import { ANALYTICS_QUERIES } from "./analytics-queries";
import { ExplainingSql, type ExplainedStatement } from "./explain-plans";

export type Scenario = { label: string; input: AnalyticsInput };
export type Timing = { median: number; min: number; max: number };
export type ScenarioTimings = { scenario: Scenario; baseline: Timing; queries: Array<{ name: string; timing: Timing }> };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  await fn(); // warm-up: plans, connection, caches, as a page that was already open would have them
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

/**
 * Each aggregate as the router runs it: its own tenant transaction (Prisma, the app role under
 * row-level security), the channel check, the statement timeout and sort memory. The baseline,
 * measured in the same run and the same way: count of the workspace's messages.
 */
export async function timeScenario(workspaceId: string, scenario: Scenario, runs: number): Promise<ScenarioTimings> {
  const range = sqlRange(workspaceId, scenario.input);
  const baseline = await timeRuns(runs, () => withTenant({ workspaceId }, (tx) => tx.$queryRaw`SELECT count(*)::int AS n FROM messages WHERE "workspaceId" = ${workspaceId}`));
  const queries = [];
  for (const q of ANALYTICS_QUERIES) {
    const timing = await timeRuns(runs, () =>
      withTenant({ workspaceId }, async (tx) => {
        await assertChannelInWorkspace(tx, workspaceId, range.channelId);
        return runAnalyticsQuery(tx, { workspaceId, query: q.name }, () => q.run(tx, range));
      }),
    );
    queries.push({ name: q.name, timing });
  }
  return { scenario, baseline, queries };
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement each aggregate sends for this scenario. */
export async function explainScenario(workspaceId: string, scenario: Scenario): Promise<Array<{ name: string; statements: ExplainedStatement[] }>> {
  const range = sqlRange(workspaceId, scenario.input);
  const out = [];
  for (const q of ANALYTICS_QUERIES) {
    const statements = await withTenantSql({ workspaceId }, async (tx) => {
      const explaining = new ExplainingSql(tx);
      await runAnalyticsQuery(tx, { workspaceId, query: q.name }, () => q.run(explaining, range));
      return explaining.statements;
    });
    out.push({ name: q.name, statements });
  }
  return out;
}
