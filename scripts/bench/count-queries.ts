import pg from "pg";

export type QueryCounts = { app: number; appTransactions: number; queue: number };

/**
 * Diagnostics: counts every query sent through `pg` in this process (Prisma's adapter and
 * pg-boss both use it), split by pool: the queue's connections carry the application name
 * "leadline-queue", the benchmark's own ones BENCH_APPLICATION_NAME (not counted). Wraps
 * Client#query for the rest of the process.
 */
export const BENCH_APPLICATION_NAME = "leadline-bench";

/**
 * With BENCH_QUERY_BREAKDOWN=1 in the environment, also counts queries per statement (its
 * first 90 characters, A = app, Q = queue), which run-bench logs per run: where the
 * statements per message go. Statement text only, never parameters.
 */
export const breakdown: Map<string, number> | null = process.env.BENCH_QUERY_BREAKDOWN ? new Map() : null;

function statementText(args: unknown[]): string | undefined {
  const first = args[0];
  const text = typeof first === "string" ? first : (first as { text?: unknown } | null)?.text;
  return typeof text === "string" ? text : undefined;
}

export function countQueries(): () => QueryCounts {
  const counts: QueryCounts = { app: 0, appTransactions: 0, queue: 0 };
  const proto = pg.Client.prototype as unknown as { query: (this: pg.Client, ...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const name = (this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name;
    if (name !== BENCH_APPLICATION_NAME) {
      const text = statementText(args);
      if (name === "leadline-queue") counts.queue += 1;
      else {
        counts.app += 1;
        if (text !== undefined && /^\s*BEGIN/i.test(text)) counts.appTransactions += 1;
      }
      if (breakdown) {
        const key = `${name === "leadline-queue" ? "Q" : "A"} ${(text ?? "?").replace(/\s+/g, " ").trim().slice(0, 90)}`;
        breakdown.set(key, (breakdown.get(key) ?? 0) + 1);
      }
    }
    return original.apply(this, args);
  };
  return () => ({ ...counts });
}
