import { parseArgs } from "node:util";
import { z } from "zod";

/** `npm run bench:ingest -- [options]`. */
export const ingestOptionsSchema = z.object({
  /** Measured seconds per phase (baseline, 1-entry bodies, 20-entry bodies). */
  seconds: z.coerce.number().int().min(2).max(600).default(20),
  connections: z.coerce.number().int().min(1).max(500).default(50),
  /** Unmeasured seconds per route before the phases: JIT, pools and caches warm. */
  warmupSeconds: z.coerce.number().int().min(0).max(120).default(3),
  /**
   * FACEBOOK channels (Pages) the deliveries rotate over. The product limits each channel to
   * 1,200 events a minute (RATE_LIMIT_POLICIES.webhook), so one Page would be throttled within
   * a second; Meta delivers every Page of the app through the same endpoint anyway.
   */
  pages: z.coerce.number().int().min(1).max(10_000).default(250),
  /** Longest wait between phases for the embedded queue to work off the previous phase's messages. */
  settleSeconds: z.coerce.number().int().min(0).max(600).default(45),
  /** Reuse the production build in .next/bench-ingest instead of building again. */
  reuseBuild: z.boolean().default(false),
  postgresUrl: z.string().default(process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"),
});

export type IngestOptions = z.infer<typeof ingestOptionsSchema>;

export const USAGE = `npm run bench:ingest -- [--seconds 20] [--connections 50] [--warmup-seconds 3] [--pages 250]
  [--settle-seconds 45] [--reuse-build] [--postgres-url URL]
Builds next into .next/bench-ingest (unless --reuse-build), starts \`next start\` against a fresh database,
then drives signed Meta webhook deliveries (1 and 20 entries per body) and a one-INSERT baseline route.`;

export function parseIngestArgs(argv: string[]): { options: IngestOptions; help: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    options: {
      seconds: { type: "string" }, connections: { type: "string" }, "warmup-seconds": { type: "string" }, pages: { type: "string" },
      "settle-seconds": { type: "string" }, "reuse-build": { type: "boolean" }, "postgres-url": { type: "string" }, help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const options = ingestOptionsSchema.parse({
    seconds: values.seconds, connections: values.connections, warmupSeconds: values["warmup-seconds"], pages: values.pages,
    settleSeconds: values["settle-seconds"], reuseBuild: values["reuse-build"], postgresUrl: values["postgres-url"],
  });
  return { options, help: values.help ?? false };
}
