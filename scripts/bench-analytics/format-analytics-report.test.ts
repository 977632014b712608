import { describe, expect, it } from "vitest";
import { nodeTypes, summarizePlan } from "./explain-plans";
import { formatPlans, formatTimings } from "./format-analytics-report";

const timing = (median: number) => ({ median, min: median - 1, max: median + 1 });

describe("bench:analytics report", () => {
  it("prints each query's median beside its ratio to the same scenario's baseline", () => {
    const out = formatTimings([
      { scenario: { label: "30 days", input: { from: new Date(0), to: new Date(1), timeZone: "UTC" } }, baseline: timing(200), queries: [{ name: "volume", timing: timing(100) }] },
      { scenario: { label: "90 days", input: { from: new Date(0), to: new Date(1), timeZone: "UTC" } }, baseline: timing(100), queries: [{ name: "volume", timing: timing(300) }] },
    ]);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^query\s+30 days\s+90 days$/);
    expect(lines[2]).toMatch(/^baseline.*200 ms\s+100 ms$/);
    expect(lines[3]).toMatch(/^volume\s+100 ms \(0\.50x\) \[99\.0-101\]\s+300 ms \(3\.00x\) \[299-301\]$/);
  });

  it("summarises a plan tree: node types, indexes, rows, heap fetches and buffers", () => {
    const statement = {
      executionMs: 12.5,
      plan: {
        "Node Type": "Aggregate", "Actual Rows": 3, "Actual Loops": 1, "Shared Hit Blocks": 10,
        Plans: [{ "Node Type": "Index Only Scan", "Index Name": "messages_inbound_analytics_idx", "Relation Name": "messages", "Actual Rows": 500, "Actual Loops": 2, "Heap Fetches": 0, "Shared Hit Blocks": 8, "Shared Read Blocks": 2 }],
      },
    };
    expect(summarizePlan(statement)).toEqual([
      "Aggregate (rows 3, buffers hit 10 read 0)",
      "  Index Only Scan using messages_inbound_analytics_idx (rows 1000, loops 2, heap fetches 0, buffers hit 8 read 2)",
    ]);
    expect(nodeTypes(statement)).toEqual(["Aggregate", "Index Only Scan messages"]);
    expect(formatPlans("90 days", [{ name: "volume", statements: [statement] }])).toContain("volume: 12.5 ms; nodes: Aggregate, Index Only Scan messages");
  });
});
