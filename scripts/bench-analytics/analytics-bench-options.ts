import { parseArgs } from "node:util";
import { z } from "zod";

/** `npm run bench:analytics -- [options]`. */
export const analyticsBenchOptionsSchema = z.object({
  /** Fraction of the full size (1,000,000 messages in the measured workspace); 0.02 is a quick run. */
  scale: z.coerce.number().gt(0).max(4).default(1),
  /** Timed runs per query; the median is reported. */
  runs: z.coerce.number().int().min(1).max(50).default(5),
  postgresUrl: z.string().default(process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"),
  /** Keep the database afterwards (its name is printed) to explore the plans by hand. */
  keep: z.boolean().default(false),
});

export type AnalyticsBenchOptions = z.infer<typeof analyticsBenchOptionsSchema>;

export const FULL_MESSAGES = 1_000_000;

export const USAGE = `npm run bench:analytics -- [--scale 1] [--runs 5] [--postgres-url URL] [--keep]
Creates a throwaway database on the local PostgreSQL, seeds one workspace with 1,000,000 messages
(times --scale) plus conversations, replies, leads, agent runs, usage and CRM sync runs in realistic
proportions (and a smaller second workspace beside it), then times every analytics aggregate through
the app role's tenant transaction (median of --runs) beside a same-run baseline (count of the
workspace's messages), and prints EXPLAIN (ANALYZE, BUFFERS) summaries of the main queries.`;

export function parseAnalyticsBenchArgs(argv: string[]): { options: AnalyticsBenchOptions; help: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    options: { scale: { type: "string" }, runs: { type: "string" }, "postgres-url": { type: "string" }, keep: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  const options = analyticsBenchOptionsSchema.parse({ scale: values.scale, runs: values.runs, postgresUrl: values["postgres-url"], keep: values.keep });
  return { options, help: values.help ?? false };
}
