import { parseArgs } from "node:util";
import { z } from "zod";
import { parseModelChain } from "../../src/agents/llm/model-spec";
import { MIN_MESSAGES } from "./generate-stream";

/** Only OpenAI models (and the local ones): the benchmark's fake speaks OpenAI's wire format. */
const chain = z.string().refine(
  (spec) => {
    try {
      return parseModelChain(spec).every((ref) => ref.provider === "openai" || ref.provider === "local");
    } catch {
      return false;
    }
  },
  { message: 'must be a model chain of "openai:<model>" entries and "local", e.g. "openai:gpt-4o-mini,local"' },
);

/** `npm run bench:llm-cost -- [options]`. */
export const llmCostOptionsSchema = z.object({
  messages: z.coerce.number().int().min(MIN_MESSAGES).max(20_000).default(1_000),
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(1),
  /** The stream's simulated timeline (an hour per 1,000 messages) is replayed this many times faster. */
  speedup: z.coerce.number().min(1).max(10_000).default(30),
  /** How long the fake takes to answer each request (a small hosted model answers in about half a second). */
  llmLatencyMs: z.coerce.number().int().min(0).max(10_000).default(500),
  intentModels: chain.default("openai:gpt-4o-mini,local"),
  replyModels: chain.default("openai:gpt-4o-mini,local"),
  scorerModels: chain.default("openai:gpt-4o-mini,local"),
  /** Actual LLM calls / naive calls that counts as met. */
  target: z.coerce.number().min(0).max(1).default(0.4),
  timeoutSeconds: z.coerce.number().int().min(30).max(7_200).default(900),
  postgresUrl: z.string().default(process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres"),
});

export type LlmCostOptions = z.infer<typeof llmCostOptionsSchema>;

export const USAGE = `npm run bench:llm-cost -- [--messages 1000] [--seed 1] [--speedup 30] [--llm-latency-ms 500]
  [--intent-models SPEC] [--reply-models SPEC] [--scorer-models SPEC] [--target 0.4] [--timeout-seconds 900] [--postgres-url URL]
Creates a throwaway database on the local PostgreSQL and a fake OpenAI server, replays a seeded stream
of inbound Demo-channel messages (duplicates, spam bursts, FAQs, threads, ordinary mix) through the
real webhook -> queue -> agents pipeline, and prints the LLM calls, tokens and cost per 1,000 messages
beside the naive figure (one call per agent per message). Model chains default to openai:gpt-4o-mini,local.`;

export function parseLlmCostArgs(argv: string[]): { options: LlmCostOptions; help: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    options: {
      messages: { type: "string" }, seed: { type: "string" }, speedup: { type: "string" }, "llm-latency-ms": { type: "string" },
      "intent-models": { type: "string" }, "reply-models": { type: "string" }, "scorer-models": { type: "string" },
      target: { type: "string" }, "timeout-seconds": { type: "string" }, "postgres-url": { type: "string" }, help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const options = llmCostOptionsSchema.parse({
    messages: values.messages, seed: values.seed, speedup: values.speedup, llmLatencyMs: values["llm-latency-ms"],
    intentModels: values["intent-models"], replyModels: values["reply-models"], scorerModels: values["scorer-models"],
    target: values.target, timeoutSeconds: values["timeout-seconds"], postgresUrl: values["postgres-url"],
  });
  return { options, help: values.help ?? false };
}
