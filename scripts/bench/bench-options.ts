import { parseArgs } from "node:util";
import { z } from "zod";

/** `npm run bench:pipeline -- [options]`; the worker gets the same options plus --worker/--db-name. */
export const benchOptionsSchema = z.object({
  messages: z.coerce.number().int().min(10).max(200_000).default(2_000),
  /** Offered rate of the throughput run; unset = as fast as `posters` concurrent webhooks go. */
  rate: z.coerce.number().positive().max(100_000).optional(),
  latencyRate: z.coerce.number().positive().max(10_000).default(50),
  db: z.enum(["embedded", "postgres", "both"]).default("both"),
  /** Concurrent webhook calls in the unlimited run (and concurrent writers in the baseline). */
  posters: z.coerce.number().int().min(1).max(1_000).default(32),
  /** QUEUE_CONCURRENCY: workers per job queue (pg-boss local queue caps it at 32). */
  queueConcurrency: z.coerce.number().int().min(1).max(32).optional(),
  /** DATABASE_POOL_MAX of the app's Prisma pool. */
  poolMax: z.coerce.number().int().min(1).max(200).optional(),
  warmup: z.coerce.number().int().min(0).max(10_000).default(100),
  /** Which runs to do (both by default): "throughput", "latency" or "throughput,latency". */
  runs: z
    .string()
    .default("throughput,latency")
    .transform((s) => s.split(",").map((r) => r.trim()))
    .pipe(z.array(z.enum(["throughput", "latency"])).min(1)),
  /** Whole benchmark; each database worker is killed when it runs out. */
  timeoutSeconds: z.coerce.number().int().min(30).max(7_200).default(1_800),
  postgresUrl: z.string().default(process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"),
  /** Writes a V8 CPU profile per worker into .bench/ (open in Chrome DevTools). */
  cpuProf: z.boolean().default(false),
});

export type BenchOptions = z.infer<typeof benchOptionsSchema>;

/**
 * Per-database defaults. Postgres: the app's own defaults (QUEUE_CONCURRENCY 8,
 * DATABASE_POOL_MAX 10); 4/10, 8/10 and 16/20 measured within noise of each other on 2 cores.
 * PGlite serves one session, so a bigger pool only queues (2/2, 4/4 and 8/8 measured alike).
 */
export const DB_DEFAULTS = {
  postgres: { queueConcurrency: 8, poolMax: 10 },
  embedded: { queueConcurrency: 4, poolMax: 4 },
} as const;

export const USAGE = `npm run bench:pipeline -- [--messages N] [--rate R] [--db embedded|postgres|both]
  [--latency-rate R] [--posters C] [--queue-concurrency Q] [--pool-max P] [--warmup W] [--runs throughput,latency]
  [--timeout-seconds S] [--postgres-url URL] [--cpu-prof]
BENCH_QUERY_BREAKDOWN=1 in the environment logs the statements per message of each run by statement.`;

export function parseBenchArgs(argv: string[]): { options: BenchOptions; worker: { db: "embedded" | "postgres"; dbName?: string } | null; help: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    options: {
      messages: { type: "string" }, rate: { type: "string" }, "latency-rate": { type: "string" }, db: { type: "string" },
      posters: { type: "string" }, "queue-concurrency": { type: "string" }, "pool-max": { type: "string" },
      warmup: { type: "string" }, runs: { type: "string" }, "timeout-seconds": { type: "string" }, "postgres-url": { type: "string" },
      "cpu-prof": { type: "boolean" }, worker: { type: "boolean" }, "db-name": { type: "string" }, help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const options = benchOptionsSchema.parse({
    messages: values.messages, rate: values.rate, latencyRate: values["latency-rate"], db: values.db, posters: values.posters,
    queueConcurrency: values["queue-concurrency"], poolMax: values["pool-max"], warmup: values.warmup, runs: values.runs,
    timeoutSeconds: values["timeout-seconds"], postgresUrl: values["postgres-url"], cpuProf: values["cpu-prof"],
  });
  const worker = values.worker ? { db: z.enum(["embedded", "postgres"]).parse(values.db), dbName: values["db-name"] } : null;
  return { options, worker, help: values.help ?? false };
}

/** Options back to argv, for the worker processes. */
export function toArgv(o: BenchOptions): string[] {
  const args = ["--messages", String(o.messages), "--latency-rate", String(o.latencyRate), "--posters", String(o.posters), "--warmup", String(o.warmup), "--runs", o.runs.join(","), "--postgres-url", o.postgresUrl, "--timeout-seconds", String(o.timeoutSeconds)];
  if (o.rate !== undefined) args.push("--rate", String(o.rate));
  if (o.queueConcurrency !== undefined) args.push("--queue-concurrency", String(o.queueConcurrency));
  if (o.poolMax !== undefined) args.push("--pool-max", String(o.poolMax));
  return args;
}
