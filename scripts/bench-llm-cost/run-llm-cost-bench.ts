import pg from "pg";
import { startQueue } from "../../src/server/infra/runtime/queue";
import { waitForPipeline } from "../bench/collect-results";
import { seedBenchWorkspace } from "../bench/seed-bench-workspace";
import { readRecords, type Records } from "./read-records";
import { replayStream } from "./replay-stream";
import type { StreamMessage } from "./stream-types";

export type LlmCostRun = { records: Records; replaySeconds: number; drainSeconds: number; rejected: number; unfinished: number };

/**
 * A workspace like the demo one (knowledge base, tone, auto-reply at 0.5), the queue started,
 * the stream replayed through the webhook service layer, then a wait until every stored message
 * is processed (or failed) and no reply is waiting to be sent, and the app's records read back.
 * Server modules: import this only once the environment is set (main.ts).
 */
export async function runLlmCostBench(
  stream: readonly StreamMessage[],
  settings: { ownerUrl: string; appUrl: string; speedup: number; timeoutSeconds: number; log: (line: string) => void },
): Promise<LlmCostRun> {
  const { log } = settings;
  const deadline = Date.now() + settings.timeoutSeconds * 1000;
  const { workspaceId, channels } = await seedBenchWorkspace("llmcost", stream.length);
  await startQueue();

  log(`replaying ${stream.length} messages over ${channels.length} Demo channel(s), ${settings.speedup}x faster than their timeline`);
  const started = performance.now();
  const posted = await replayStream(stream, { channels, run: `llm-${workspaceId.slice(-6)}`, speedup: settings.speedup, onProgress: (n) => n % 250 === 0 && log(`posted ${n}`) });
  const replaySeconds = (performance.now() - started) / 1000;
  const rejected = posted.filter((p) => p.error);
  if (rejected.length > 0) log(`${rejected.length} webhooks rejected, e.g. ${rejected[0]!.error}`);
  const stored = stream.length - rejected.length;

  const owner = new pg.Client({ connectionString: settings.ownerUrl, application_name: "leadline-bench-llm-cost" });
  await owner.connect();
  const drainStart = performance.now();
  let lastLog = 0;
  try {
    const drained = await waitForPipeline(owner, workspaceId, stored, Math.max(1_000, deadline - Date.now()), (done) => {
      if (performance.now() - lastLog < 5_000) return;
      lastLog = performance.now();
      log(`processed ${done} of ${stored}`);
    });
    if (!drained) log("timed out waiting for the pipeline; what it had finished is reported");
  } finally {
    await owner.end();
  }
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const records = await readRecords(settings.appUrl, workspaceId);
  const unfinished = records.messages.filter((m) => m.status !== "PROCESSED" && m.status !== "FAILED").length;
  return { records, replaySeconds, drainSeconds, rejected: rejected.length, unfinished };
}
