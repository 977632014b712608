import { expect } from "vitest";
import { FAKE_OPENAI_KEY, startFakeOpenAI } from "../../fakes/openai/server";
import type { FakeLlmBehaviour } from "../../fakes/shared/llm-fake-core";
import { waitFor } from "../../helpers/pipeline";
import { figure } from "../figures";
import { postMessages, processedCount, type IsolatedPipeline, type SeededWorkspace } from "../isolated-pipeline";

const ROW = "4. LLM provider erroring / timing out";
const PER_MODE = 20;

/**
 * The three agents' chains point at an LLM fake that answers 500 to everything, then never
 * answers at all (the client's timeout fires). Every message must still be processed, every
 * agent run served by the local model.
 */
export async function llmOutage(pipeline: IsolatedPipeline, ws: SeededWorkspace): Promise<void> {
  const llm = await startFakeOpenAI();
  let behaviour: FakeLlmBehaviour = { type: "error", status: 500, message: "upstream exploded" };
  llm.setResponder(() => behaviour);
  try {
    const app = await pipeline.start({
      OPENAI_API_KEY: FAKE_OPENAI_KEY,
      OPENAI_BASE_URL: llm.baseURL,
      INTENT_MODELS: "openai:gpt-4o-mini,local",
      REPLY_MODELS: "openai:gpt-4o-mini,local",
      SCORER_MODELS: "openai:gpt-4o-mini,local",
      LLM_TIMEOUT_MS: "1000",
    });
    const results: Array<{ mode: string; processed: number; runs: number; local: number; asked: number }> = [];
    for (const mode of ["erroring (HTTP 500)", "timing out (no answer)"] as const) {
      behaviour = mode.startsWith("erroring") ? { type: "error", status: 500, message: "upstream exploded" } : { type: "hang" };
      const asked = llm.requests.length;
      const ids = await postMessages(app.url, ws, PER_MODE, `LLM ${mode}`);
      await waitFor(async () => (await processedCount(pipeline.sql, ids)) === PER_MODE, 90_000, `messages processed with the LLM ${mode}`);
      const { rows } = await pipeline.sql.query<{ provider: string; outcome: string; error: string | null }>(
        `SELECT r.provider, r.outcome::text AS outcome, r.error FROM agent_runs r JOIN messages m ON m.id = r."messageId" WHERE m."platformMessageId" = ANY($1::text[])`,
        [ids],
      );
      // A run the local model served: a fallback after the LLM failed, or the local classifier sure enough not to ask.
      const local = rows.filter((r) => r.provider === "local" && (r.outcome === "fallback" || (r.outcome === "ok" && (r.error ?? "").includes("skipped: local model confident")))).length;
      const result = { mode, processed: await processedCount(pipeline.sql, ids), runs: rows.length, local, asked: llm.requests.length - asked };
      results.push(result);
      figure(ROW, `${mode}: ${result.processed}/${PER_MODE} processed, ${result.local}/${result.runs} agent runs served by the local model, ${result.asked} LLM requests failed`);
    }
    for (const r of results) {
      expect(r.processed, r.mode).toBe(PER_MODE);
      expect(r.runs, r.mode).toBeGreaterThanOrEqual(PER_MODE);
      expect(r.local, r.mode).toBe(r.runs);
      expect(r.asked, r.mode).toBeGreaterThan(0);
    }
  } finally {
    await llm.close();
  }
}
