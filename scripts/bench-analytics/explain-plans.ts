import type { RawSql } from "../../src/server/infra/db/sql";

/** One node of PostgreSQL's EXPLAIN (FORMAT JSON) plan, the fields the summary reads. */
type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Heap Fetches"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  "Temp Written Blocks"?: number;
  "Sort Method"?: string;
  "Sort Space Type"?: string;
  Plans?: PlanNode[];
};

export type ExplainedStatement = { executionMs: number; plan: PlanNode };

/**
 * A RawSql that runs each statement as EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) and answers no
 * rows: handed to an aggregate in place of its transaction, it plans and executes exactly the
 * statements the aggregate sends, with the same parameters (the aggregates handle empty results).
 */
export class ExplainingSql implements RawSql {
  readonly statements: ExplainedStatement[] = [];

  constructor(private readonly inner: RawSql) {}

  async $queryRaw<T = unknown>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T> {
    const prefixed = Object.assign([`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${strings[0] ?? ""}`, ...strings.slice(1)], { raw: [...strings.raw] }) as unknown as TemplateStringsArray;
    const rows = await this.inner.$queryRaw<Array<{ "QUERY PLAN": Array<{ Plan: PlanNode; "Execution Time": number }> }>>(prefixed, ...values);
    const explained = rows[0]?.["QUERY PLAN"][0];
    if (explained) this.statements.push({ executionMs: explained["Execution Time"], plan: explained.Plan });
    return [] as T;
  }

  $executeRaw(): Promise<number> {
    throw new Error("analytics aggregates only read");
  }
}

function describeNode(node: PlanNode): string {
  const on = node["Index Name"] ? ` using ${node["Index Name"]}` : node["Relation Name"] ? ` on ${node["Relation Name"]}` : "";
  const details = [
    `rows ${(node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1)}`,
    (node["Actual Loops"] ?? 1) > 1 ? `loops ${node["Actual Loops"]}` : null,
    node["Heap Fetches"] !== undefined ? `heap fetches ${node["Heap Fetches"]}` : null,
    node["Sort Method"] ? `${node["Sort Method"]} (${node["Sort Space Type"] ?? "?"})` : null,
    node["Temp Written Blocks"] ? `temp written ${node["Temp Written Blocks"]}` : null,
    `buffers hit ${node["Shared Hit Blocks"] ?? 0} read ${node["Shared Read Blocks"] ?? 0}`,
  ].filter(Boolean);
  return `${node["Node Type"]}${on} (${details.join(", ")})`;
}

/** The plan as an indented tree of node types, relations/indexes and actual rows, to `maxDepth`. */
export function summarizePlan(statement: ExplainedStatement, maxDepth = 6): string[] {
  const lines: string[] = [];
  const walk = (node: PlanNode, depth: number) => {
    if (depth > maxDepth) return;
    lines.push(`${"  ".repeat(depth)}${describeNode(node)}`);
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  walk(statement.plan, 0);
  return lines;
}

/** Node types anywhere in the plan: a Seq Scan on a big table is the thing to look for. */
export function nodeTypes(statement: ExplainedStatement): string[] {
  const types = new Set<string>();
  const walk = (node: PlanNode) => {
    types.add(node["Relation Name"] ? `${node["Node Type"]} ${node["Relation Name"]}` : node["Node Type"]);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(statement.plan);
  return [...types];
}
