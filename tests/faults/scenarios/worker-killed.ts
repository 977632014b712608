import { expect } from "vitest";
import { FAKE_OPENAI_KEY, startFakeOpenAI } from "../../fakes/openai/server";
import { waitFor } from "../../helpers/pipeline";
import { startCutProxy } from "../../helpers/tcp-cut-proxy";
import { figure } from "../figures";
import { activeJobs, letLeasesRunOut, postMessages, processedCount, tallyProcessing, waitingJobs, type IsolatedPipeline, type SeededWorkspace } from "../isolated-pipeline";

/** The embedded queue's schema in this test process and the app processes it starts. */
const QUEUE_SCHEMA = process.env.QUEUE_SCHEMA ?? "pgboss";

const ROW = "3. queue worker killed mid-batch";
/** Within one process-message batch (50), so the restarted worker holds all of them at once. */
const MESSAGES = 45;

const llmEnv = (baseURL: string) => ({
  OPENAI_API_KEY: FAKE_OPENAI_KEY,
  OPENAI_BASE_URL: baseURL,
  INTENT_MODELS: "openai:gpt-4o-mini,local",
  REPLY_MODELS: "openai:gpt-4o-mini,local",
  SCORER_MODELS: "openai:gpt-4o-mini,local",
  LLM_TIMEOUT_MS: "60000",
});

/**
 * The process-message workers run in a child app process that is SIGKILLed twice:
 * 1. while its batches wait on an LLM call (nothing committed): the work must not be lost;
 * 2. after its batches committed but before pg-boss recorded them done (its queue connection
 *    cut first): the redelivered jobs must not process anything a second time.
 * A third process takes over; every message must end processed exactly once.
 */
export async function workerKilled(pipeline: IsolatedPipeline): Promise<SeededWorkspace> {
  const hanging = await startFakeOpenAI();
  hanging.setResponder(() => ({ type: "hang" }));
  const owner = new URL(pipeline.ownerUrl);
  const bossLink = await startCutProxy({ host: owner.hostname, port: Number(owner.port || 5432) });
  try {
    // Kill 1: mid-batch, before the batch's transaction.
    const first = await pipeline.start({ ...llmEnv(hanging.baseURL), FAULT_SEED_WORKSPACE: "1" });
    const ws = first.seeded as SeededWorkspace;
    const ids = await postMessages(first.url, ws, MESSAGES, "Worker kill");
    await waitFor(async () => (await activeJobs(pipeline.sql)) > 0 && hanging.requests.length > 0, 30_000, "a batch waiting on the LLM");
    const inFlightAtKill1 = await activeJobs(pipeline.sql);
    const committedAtKill1 = await processedCount(pipeline.sql, ids);
    first.kill("SIGKILL");
    await first.exited;
    figure(ROW, `${MESSAGES} messages acknowledged; kill 1 (SIGKILL mid-batch, waiting on the LLM): ${inFlightAtKill1} jobs in flight, ${committedAtKill1} committed`);

    // Kill 2: the batch commits, but pg-boss never hears it finished.
    const expired1 = await letLeasesRunOut(pipeline);
    const requestsBefore = hanging.requests.length;
    const second = await pipeline.start({ ...llmEnv(hanging.baseURL), MIGRATE_DATABASE_URL: bossLink.via(pipeline.ownerUrl) });
    // Every job held by the new worker (none left to fetch, so cutting its queue link races no fetch).
    await waitFor(async () => (await activeJobs(pipeline.sql)) === MESSAGES && (await waitingJobs(pipeline.sql)) === 0 && hanging.requests.length > requestsBefore, 60_000, "the retried batch waiting on the LLM");
    bossLink.cut(); // its queue can no longer complete jobs
    await hanging.close(); // the LLM calls fail: the batch falls back to the local models and commits
    await waitFor(async () => (await processedCount(pipeline.sql, ids)) === MESSAGES, 60_000, "the in-flight batch to commit");
    const stillActive = await activeJobs(pipeline.sql);
    second.kill("SIGKILL");
    await second.exited;
    figure(ROW, `restart: ${expired1} leases ran out and were retried; kill 2 (SIGKILL after the batch committed, before pg-boss marked it done): ${stillActive} jobs in flight, ${MESSAGES} messages committed`);

    // A third process takes every unfinished job over.
    const expired2 = await letLeasesRunOut(pipeline);
    await pipeline.start({ INTENT_MODELS: "local", REPLY_MODELS: "local", SCORER_MODELS: "local" });
    await waitFor(async () => {
      const { rows } = await pipeline.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = 'process-message' AND state IN ('created', 'retry', 'active')`);
      return rows[0]?.n === 0 && (await processedCount(pipeline.sql, ids)) === MESSAGES;
    }, 60_000, "every job finished");
    const { rows: reruns } = await pipeline.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = 'process-message' AND retry_count > 0`);
    const tally = await tallyProcessing(pipeline.sql, ids);
    const twice = (xs: number[]) => xs.filter((n) => n > 1).length;
    figure(ROW, `restart: ${expired2} leases ran out; ${reruns[0]?.n ?? 0} jobs ran more than once`);
    figure(ROW, `result: ${tally.processed}/${MESSAGES} processed; processed twice: ${twice(tally.intentRunsPerMessage)} (intent runs), ${twice(tally.aiAuditsPerMessage)} (audit entries), ${twice(tally.repliesPerMessage)} (replies)`);

    expect(committedAtKill1).toBe(0);
    expect(inFlightAtKill1).toBeGreaterThan(0);
    expect(stillActive).toBe(MESSAGES);
    expect(tally.processed).toBe(MESSAGES);
    expect(tally.intentRunsPerMessage).toEqual(Array(MESSAGES).fill(1));
    expect(tally.aiAuditsPerMessage).toEqual(Array(MESSAGES).fill(1));
    expect(twice(tally.repliesPerMessage)).toBe(0);
    return ws;
  } finally {
    await hanging.close().catch(() => undefined);
    bossLink.restore();
    await bossLink.close();
  }
}
