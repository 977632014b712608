import { costUsd } from "../../src/agents/llm/pricing";
import type { ModelRef } from "../../src/agents/llm/model-spec";
import { AGENTS, type Agent } from "./answer-agents";
import type { FakeCounts } from "./cost-fake";
import type { Records, RunRow } from "./read-records";

/** Handoff flags of a reply written without asking a model (src/agents/reply/handoff-flags.ts). */
const NO_ARTICLE_FLAGS = ["no-knowledge", "weak-match"];
/**
 * A message's stored confidence is the local classifier's probability of the intent the LLM
 * chose (classify-intent.ts); at or above this the local model alone would have said the same.
 */
export const LOCAL_AGREEMENT = 0.9;

export type Figures = {
  /** LLM requests the fake answered. */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** The fake's usage priced with src/agents/llm/pricing.ts. */
  costUsd: number;
  naiveCalls: number;
  /** naive calls x the average measured per call; null when no call was measured to average. */
  naiveInputTokens: number | null;
  naiveOutputTokens: number | null;
  naiveCostUsd: number | null;
};

export type AgentSummary = Figures & {
  agent: Agent;
  /** The LLM the fake's usage is priced as (the first of the chain), or null for a local-only chain. */
  model: ModelRef | null;
  /** From agent_runs: runs answered by an LLM (not the cache), from the cache, by the local model as the chain's choice, and after a fallback. */
  app: {
    llmRuns: number; cacheHits: number; fallbacks: number; errors: number; inputTokens: number; outputTokens: number; costUsd: number;
    /** Runs the local model answered by choice (not a fallback), by the reason the run's error column gives. */
    localByReason: Record<string, number>;
  };
  repeatsInFlight: number;
  repeatsAfterAnswer: number;
};

export type Summary = {
  /** Inbound messages stored for the run: the naive path asks each agent once per message. */
  messages: number;
  processed: number;
  failed: number;
  agents: AgentSummary[];
  total: Figures;
  /** actual / naive; null where the naive figure could not be estimated. */
  ratio: { calls: number | null; tokens: number | null; cost: number | null };
  target: number;
  met: boolean;
  /** Messages for which the reply generator asked no model, by the reason the records show. */
  replyNotAsked: { spam: number; other: number; lowConfidence: number; noArticle: number; unexplained: number };
  /** Scorer LLM calls on messages classified spam: score-lead-agent keeps the rules-based baseline for spam. */
  scorerLlmOnSpam: number;
  /** Intent LLM calls on messages where the local classifier gave the LLM's answer at least LOCAL_AGREEMENT probability. */
  intentLlmLocalAgreed: number;
  /** Intent LLM calls whose message differed from an earlier one only in case, punctuation, digits or emoji (the fake's count). */
  intentSameWords: number;
  intentLabelled: number;
  crossCheck: { fakeRequests: number; appLlmRuns: number; unknown: number; refused: number; usage: { calls: number; inputTokens: number; outputTokens: number; costUsd: number } };
};

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Why the local model answered a run that is not a fallback: the reason each skipped LLM
 * attempt carries ("openai:gpt-4o-mini skipped: spam", record-agent-runs.ts agentRunError),
 * or a chain without an LLM.
 */
export function localReasonOf(run: Pick<RunRow, "error">): string {
  return /skipped: ([^;]+)/.exec(run.error ?? "")?.[1]?.trim() ?? "no LLM in the chain";
}
const ratioOf = (actual: number, naive: number | null) => (naive === null || naive === 0 ? null : actual / naive);

function figuresFor(fake: FakeCounts["perAgent"][Agent], model: ModelRef | null, naiveCalls: number): Figures {
  const price = (inputTokens: number, outputTokens: number) => (model ? costUsd(model, { inputTokens, outputTokens }).usd : 0);
  const avg = (tokens: number) => (fake.requests > 0 ? (tokens / fake.requests) * naiveCalls : null);
  const naiveInputTokens = avg(fake.inputTokens);
  const naiveOutputTokens = avg(fake.outputTokens);
  return {
    calls: fake.requests, inputTokens: fake.inputTokens, outputTokens: fake.outputTokens, costUsd: price(fake.inputTokens, fake.outputTokens),
    naiveCalls, naiveInputTokens, naiveOutputTokens,
    naiveCostUsd: naiveInputTokens === null || naiveOutputTokens === null ? null : price(naiveInputTokens, naiveOutputTokens),
  };
}

function addUp(all: readonly Figures[]): Figures {
  const nullable = (pick: (f: Figures) => number | null) => (all.some((f) => pick(f) === null) ? null : sum(all.map((f) => pick(f) ?? 0)));
  return {
    calls: sum(all.map((f) => f.calls)), inputTokens: sum(all.map((f) => f.inputTokens)), outputTokens: sum(all.map((f) => f.outputTokens)), costUsd: sum(all.map((f) => f.costUsd)),
    naiveCalls: sum(all.map((f) => f.naiveCalls)), naiveInputTokens: nullable((f) => f.naiveInputTokens), naiveOutputTokens: nullable((f) => f.naiveOutputTokens), naiveCostUsd: nullable((f) => f.naiveCostUsd),
  };
}

function replyNotAsked(records: Records): Summary["replyNotAsked"] {
  const withReplyRun = new Set(records.runs.filter((r) => r.agent === "reply").map((r) => r.messageId));
  const out = { spam: 0, other: 0, lowConfidence: 0, noArticle: 0, unexplained: 0 };
  for (const m of records.messages) {
    if (m.status !== "PROCESSED" || withReplyRun.has(m.id)) continue;
    if (m.intent === "SPAM") out.spam += 1;
    else if (m.intent === "OTHER") out.other += 1;
    else if (m.replyFlags === null) out.lowConfidence += 1; // sales/support, and no reply at all: under the draft floor (run-agents.ts)
    else if (m.replyFlags.some((f) => NO_ARTICLE_FLAGS.includes(f))) out.noArticle += 1;
    else out.unexplained += 1;
  }
  return out;
}

/** Joins the fake's counts with the app's records into the figures the report prints. */
export function summarise(input: { fake: FakeCounts; records: Records; models: Record<Agent, ModelRef | null>; target: number }): Summary {
  const { fake, records } = input;
  const messages = records.messages.length;
  const agents = AGENTS.map((agent): AgentSummary => {
    const runs = records.runs.filter((r) => r.agent === agent);
    const llm = runs.filter((r) => r.provider !== "local" && !r.cacheHit);
    return {
      agent,
      model: input.models[agent],
      // The naive path asks each agent once per message and has no verifier: every grounding
      // call counts against the target in full.
      ...figuresFor(fake.perAgent[agent], input.models[agent], agent === "grounding" ? 0 : messages),
      app: {
        llmRuns: llm.length,
        cacheHits: runs.filter((r) => r.cacheHit).length,
        localByReason: runs
          .filter((r) => r.provider === "local" && !r.cacheHit && r.outcome === "ok")
          .reduce<Record<string, number>>((acc, r) => ({ ...acc, [localReasonOf(r)]: (acc[localReasonOf(r)] ?? 0) + 1 }), {}),
        fallbacks: runs.filter((r) => r.outcome === "fallback").length,
        errors: runs.filter((r) => r.outcome === "error").length,
        inputTokens: sum(runs.map((r) => r.tokensIn)),
        outputTokens: sum(runs.map((r) => r.tokensOut)),
        costUsd: sum(runs.map((r) => r.costUsd)),
      },
      repeatsInFlight: fake.perAgent[agent].repeatsInFlight,
      repeatsAfterAnswer: fake.perAgent[agent].repeatsAfterAnswer,
    };
  });
  const total = addUp(agents);
  const naiveTokens = total.naiveInputTokens === null || total.naiveOutputTokens === null ? null : total.naiveInputTokens + total.naiveOutputTokens;
  const ratio = { calls: ratioOf(total.calls, total.naiveCalls), tokens: ratioOf(total.inputTokens + total.outputTokens, naiveTokens), cost: ratioOf(total.costUsd, total.naiveCostUsd) };
  const spamIds = new Set(records.messages.filter((m) => m.intent === "SPAM").map((m) => m.id));
  const localAgreed = new Set(records.messages.filter((m) => (m.confidence ?? 0) >= LOCAL_AGREEMENT).map((m) => m.id));
  const llmRun = (agent: Agent, ids: ReadonlySet<string>) =>
    records.runs.filter((r) => r.agent === agent && r.provider !== "local" && !r.cacheHit && r.messageId !== null && ids.has(r.messageId)).length;
  const fakeRequests = sum(AGENTS.map((a) => fake.perAgent[a].requests));
  return {
    messages,
    processed: records.messages.filter((m) => m.status === "PROCESSED").length,
    failed: records.messages.filter((m) => m.status === "FAILED").length,
    agents, total, ratio, target: input.target,
    met: ratio.calls !== null && ratio.calls <= input.target,
    replyNotAsked: replyNotAsked(records),
    scorerLlmOnSpam: llmRun("scorer", spamIds),
    intentLlmLocalAgreed: llmRun("intent", localAgreed),
    intentSameWords: fake.perAgent.intent.sameWords,
    intentLabelled: fake.perAgent.intent.labelled,
    crossCheck: {
      fakeRequests,
      appLlmRuns: sum(agents.map((a) => a.app.llmRuns)),
      unknown: fake.unknown,
      refused: fake.received - fakeRequests - fake.unknown,
      usage: { calls: sum(records.usage.map((u) => u.calls)), inputTokens: sum(records.usage.map((u) => u.tokensIn)), outputTokens: sum(records.usage.map((u) => u.tokensOut)), costUsd: sum(records.usage.map((u) => u.costUsd)) },
    },
  };
}
