import pg from "pg";

export type QueryCounts = { app: number; appTransactions: number; queue: number };

/**
 * Diagnostics: counts every query sent through `pg` in this process (Prisma's adapter and
 * pg-boss both use it), split by pool: the queue's connections carry the application name
 * "leadline-queue", the benchmark's own ones BENCH_APPLICATION_NAME (not counted). Wraps
 * Client#query for the rest of the process.
 */
export const BENCH_APPLICATION_NAME = "leadline-bench";

export function countQueries(): () => QueryCounts {
  const counts: QueryCounts = { app: 0, appTransactions: 0, queue: 0 };
  const proto = pg.Client.prototype as unknown as { query: (this: pg.Client, ...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const name = (this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name;
    if (name !== BENCH_APPLICATION_NAME) {
      if (name === "leadline-queue") counts.queue += 1;
      else {
        counts.app += 1;
        const first = args[0];
        const text = typeof first === "string" ? first : (first as { text?: unknown } | null)?.text;
        if (typeof text === "string" && /^\s*BEGIN/i.test(text)) counts.appTransactions += 1;
      }
    }
    return original.apply(this, args);
  };
  return () => ({ ...counts });
}
