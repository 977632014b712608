import { streamText, type LanguageModel, type TextStreamPart, type ToolSet } from "ai";
import { AgentCallError, type AgentRunRecord, type LlmLogger } from "./agent-run-record";
import { callLocalModel } from "./call-local-model";
import { callWithTimeout } from "./call-with-timeout";
import { classifyLlmError, describeLlmError } from "./classify-error";
import { clampPrompt, DEFAULT_MAX_PROMPT_TOKENS, type AgentPrompt } from "./clamp-prompt";
import { LOCAL_MODEL, type ModelRef } from "./model-spec";
import type { ModelRegistry } from "./providers";
import { reportRun, RunTally } from "./run-tally";

export interface StreamDraftOptions {
  chain: readonly ModelRef[];
  registry: ModelRegistry;
  buildPrompt: () => AgentPrompt;
  /** The local reply generator, used when no model starts streaming. */
  local: () => string | Promise<string>;
  /** Longest wait for the first chunk, and between two chunks. */
  timeoutMs: number;
  budget?: { allowLlm: boolean; reason?: string };
  maxPromptTokens?: number;
  /** Default 600: a social reply is short. */
  maxOutputTokens?: number;
  temperature?: number;
  onRun?: (rec: AgentRunRecord) => void | Promise<void>;
  logger?: LlmLogger;
}

type Part = TextStreamPart<ToolSet>;

/** Next part of the stream, or LlmTimeoutError (after aborting the request) if none comes in time. */
function nextWithin(iterator: AsyncIterator<Part>, timeoutMs: number, controller: AbortController): Promise<IteratorResult<Part>> {
  return callWithTimeout(() => iterator.next(), timeoutMs, controller);
}

interface ModelStream {
  chunks: AsyncGenerator<string, void>;
  /** True once a chunk has been yielded: from then on a failure cannot fall back. */
  started: () => boolean;
}

function streamModel(ref: ModelRef, model: LanguageModel, prompt: AgentPrompt, opts: StreamDraftOptions, tally: RunTally): ModelStream {
  let started = false;
  async function* chunks(): AsyncGenerator<string, void> {
    const controller = new AbortController();
    const result = streamText({
      model,
      system: prompt.system,
      prompt: prompt.prompt,
      maxOutputTokens: opts.maxOutputTokens ?? 600,
      temperature: opts.temperature,
      maxRetries: 0, // a person is waiting: move to the next model instead
      abortSignal: controller.signal,
      onError: () => undefined, // errors arrive as stream parts and are recorded there
    });
    const iterator = result.fullStream[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await nextWithin(iterator, opts.timeoutMs, controller);
        if (next.done) break;
        const part = next.value;
        if (part.type === "text-delta" && part.text !== "") {
          started = true;
          yield part.text;
        } else if (part.type === "finish") {
          tally.addUsage(ref, part.totalUsage);
        } else if (part.type === "error") {
          throw part.error;
        } else if (part.type === "abort") {
          throw new Error("stream aborted");
        }
      }
      if (!started) throw new Error("model returned an empty reply");
    } finally {
      controller.abort();
      await iterator.return?.().catch(() => undefined);
    }
  }
  return { chunks: chunks(), started: () => started };
}

/**
 * Streams a reply draft for the inbox. Models are tried in chain order; one that fails or
 * stays silent past `timeoutMs` before its first chunk is skipped for the next, and when none
 * starts, the local reply is yielded as a single chunk. A failure after text has been
 * streamed cannot be undone: the iterable then throws AgentCallError (outcome "error") so the
 * caller can mark the draft incomplete. Drafts are never cached: asking again means "another
 * one". Every path reports one AgentRunRecord through `onRun`.
 */
export async function* streamDraft(opts: StreamDraftOptions): AsyncGenerator<string, void> {
  const tally = new RunTally("reply");
  const report = (run: AgentRunRecord) => reportRun(run, opts.onRun, opts.logger);
  const llms = opts.chain.filter((ref) => ref.provider !== "local");
  let current: ModelRef = LOCAL_MODEL;
  let fallbackReason: string | undefined;
  let reported = false;
  try {
    if (llms.length > 0 && opts.budget?.allowLlm === false) {
      fallbackReason = opts.budget.reason ?? "AI budget exhausted";
    } else if (llms.length > 0) {
      const maxTokens = opts.maxPromptTokens ?? DEFAULT_MAX_PROMPT_TOKENS;
      const prompt = clampPrompt(opts.buildPrompt(), maxTokens, { agent: "reply", logger: opts.logger });
      for (const ref of llms) {
        const model = opts.registry.resolve(ref);
        if (!model) {
          tally.attempts.push({ provider: ref.provider, model: ref.model, error: "skipped: provider not configured" });
          continue;
        }
        current = ref;
        const stream = streamModel(ref, model, prompt, opts, tally);
        try {
          yield* stream.chunks;
        } catch (error) {
          const description = describeLlmError(error, classifyLlmError(error), {
            redact: (t) => opts.registry.redact(t),
            sensitive: [prompt.system, prompt.prompt],
          });
          tally.attempts.push({ provider: ref.provider, model: ref.model, error: description });
          if (!stream.started()) continue;
          reported = true;
          const summary = `stream broke mid-reply: ${description}`;
          const run = await report(tally.record(ref, { cacheHit: false, outcome: "error", error: summary }));
          throw new AgentCallError("reply draft stream broke after it started", run, { cause: error });
        }
        tally.attempts.push({ provider: ref.provider, model: ref.model });
        reported = true;
        await report(tally.record(ref, { cacheHit: false, outcome: "ok" }));
        return;
      }
      fallbackReason = tally.failureSummary();
    }
    current = LOCAL_MODEL;
    const reply = await callLocalModel(opts.local, {
      agent: "reply",
      tally,
      redact: (t) => opts.registry.redact(t),
      onRun: opts.onRun,
      logger: opts.logger,
    }).catch((error: unknown) => {
      reported = true; // callLocalModel reported the failed run before throwing
      throw error;
    });
    yield reply;
    reported = true;
    const outcome = fallbackReason === undefined ? "ok" : "fallback";
    await report(tally.record(LOCAL_MODEL, { cacheHit: false, outcome, error: fallbackReason }));
  } finally {
    // Unreported here only when the consumer stopped reading early (the client went away).
    if (!reported) {
      await report(tally.record(current, { cacheHit: false, outcome: "error", error: "draft cancelled by the consumer" }));
    }
  }
}
