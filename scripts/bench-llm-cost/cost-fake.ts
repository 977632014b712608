import { createHash } from "node:crypto";
import { FAKE_OPENAI_KEY, replyJson, startFakeOpenAI } from "../../tests/fakes/openai/server";
import { asRecord, fakeTokens } from "../../tests/fakes/shared/llm-fake-core";
import { AGENTS, agentOf, answerFor, intentMessageOf, promptTextOf, type Agent } from "./answer-agents";
import { fingerprint } from "./label-index";
import type { Kind } from "./stream-types";

export type FakeAgentTally = {
  /** Requests answered for this agent. */
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Requests whose prompt was identical to an earlier one still being answered (within the fake's delay). */
  repeatsInFlight: number;
  /** Requests whose prompt was identical to an earlier one the fake had answered by then (its delay had passed). */
  repeatsAfterAnswer: number;
  /**
   * Intent requests whose message has the same letters as an earlier one (differing only in
   * case, punctuation, digits, emoji or placeholders) though the exact prompt is new.
   */
  sameWords: number;
  /** Intent requests answered with the stream's own label (the rest by keyword rules). */
  labelled: number;
};

export type FakeCounts = {
  perAgent: Record<Agent, FakeAgentTally>;
  /** Requests on the model routes that carried none of the agents' prompts (answered 400). */
  unknown: number;
  /** Every request the server received, refused ones (bad key, unknown route) included. */
  received: number;
};

export type CostFake = { baseURL: string; apiKey: string; counts(): FakeCounts; close(): Promise<void> };

const emptyTally = (): FakeAgentTally => ({ requests: 0, inputTokens: 0, outputTokens: 0, repeatsInFlight: 0, repeatsAfterAnswer: 0, sameWords: 0, labelled: 0 });

/**
 * The fake OpenAI server (tests/fakes/openai: the Responses and Chat Completions wire formats)
 * answering every agent with a valid answer for its schema after `latencyMs`, and counting
 * from its side what it was asked: requests and tokens per agent (usage reported as the fake
 * always does, a quarter of the characters of the prompt and of the answer) and repeated prompts.
 */
export async function startCostFake(options: { latencyMs: number; labels: ReadonlyMap<string, Kind> }): Promise<CostFake> {
  const server = await startFakeOpenAI();
  const perAgent = Object.fromEntries(AGENTS.map((a) => [a, emptyTally()])) as Record<Agent, FakeAgentTally>;
  const firstAsked = new Map<string, number>();
  const intentWords = new Set<string>();
  let unknown = 0;

  server.setResponder((request) => {
    const body = asRecord(request.body);
    const prompt = promptTextOf(body);
    const agent = agentOf(prompt);
    if (!agent) {
      unknown += 1;
      return { type: "error", status: 400, message: "bench fake: this prompt is none of Leadline's agents" };
    }
    const tally = perAgent[agent];
    tally.requests += 1;
    const key = `${agent}:${createHash("sha256").update(prompt).digest("hex")}`;
    const now = performance.now();
    const first = firstAsked.get(key);
    if (first === undefined) firstAsked.set(key, now);
    else if (now < first + options.latencyMs) tally.repeatsInFlight += 1;
    else tally.repeatsAfterAnswer += 1;
    if (agent === "intent") {
      const words = fingerprint(intentMessageOf(prompt));
      if (first === undefined && words !== "" && intentWords.has(words)) tally.sameWords += 1;
      if (words !== "") intentWords.add(words);
    }

    const { value, fromLabel } = answerFor(agent, prompt, options.labels);
    if (fromLabel) tally.labelled += 1;
    const content = JSON.stringify(value);
    const usage = { input: fakeTokens(request.path.endsWith("/responses") ? [body.instructions, body.input] : body.messages), output: fakeTokens(content) };
    tally.inputTokens += usage.input;
    tally.outputTokens += usage.output;
    return replyJson(value, { usage, ...(options.latencyMs > 0 ? { delayMs: options.latencyMs } : {}) });
  });

  return {
    baseURL: server.baseURL,
    apiKey: FAKE_OPENAI_KEY,
    counts: () => ({ perAgent: structuredClone(perAgent), unknown, received: server.requests.length }),
    close: () => server.close(),
  };
}
