import { parseArgs } from "node:util";
import { z } from "zod";

export const BENCH_CRMS = ["hubspot", "salesforce"] as const;
export type BenchCrm = (typeof BENCH_CRMS)[number];

/** `npm run bench:crm -- [options]`. */
export const crmBenchOptionsSchema = z.object({
  leads: z.coerce.number().int().min(1).max(200_000).default(10_000),
  /** Inbound/outbound messages per lead's conversation (the note carries the last 5). */
  messagesPerLead: z.coerce.number().int().min(0).max(20).default(3),
  crms: z
    .string()
    .default(BENCH_CRMS.join(","))
    .transform((s) => [...new Set(s.split(",").map((c) => c.trim().toLowerCase()))])
    .pipe(z.array(z.enum(BENCH_CRMS)).min(1)),
  /**
   * Divides every rate-limit window by this (the CRM's and Leadline's pacing alike): 1 is the real
   * shape (HubSpot 110 / 10 s, Leadline pacing to 108 / 10 s; Salesforce paced to 10 / s), which
   * already puts 10,000 leads at 15-25 s; 10 is the "100 per 1 s" shape that stresses the engine.
   */
  scale: z.coerce.number().int().min(1).max(100).default(1),
  /** Ratio of actual to minimum (calls and duration) that counts as met. */
  target: z.coerce.number().min(1).max(10).default(1.2),
  postgresUrl: z.string().default(process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"),
});

export type CrmBenchOptions = z.infer<typeof crmBenchOptionsSchema>;

export const USAGE = `npm run bench:crm -- [--leads 10000] [--messages-per-lead 3] [--crms hubspot,salesforce] [--scale 1]
  [--target 1.2] [--postgres-url URL]
Creates a throwaway database on the local PostgreSQL, seeds one workspace with --leads changed leads,
connects the HubSpot and Salesforce fakes, runs the real sync engine until nothing is left, and prints
calls and duration beside the theoretical minimum for the batch size and rate limit.`;

export function parseCrmBenchArgs(argv: string[]): { options: CrmBenchOptions; help: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    options: {
      leads: { type: "string" }, "messages-per-lead": { type: "string" }, crms: { type: "string" }, scale: { type: "string" },
      target: { type: "string" }, "postgres-url": { type: "string" }, help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const options = crmBenchOptionsSchema.parse({
    leads: values.leads, messagesPerLead: values["messages-per-lead"], crms: values.crms, scale: values.scale, target: values.target, postgresUrl: values["postgres-url"],
  });
  return { options, help: values.help ?? false };
}
