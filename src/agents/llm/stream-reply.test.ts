import { APICallError, simulateReadableStream } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_ANTHROPIC_KEY, startFakeAnthropic } from "../../../tests/fakes/anthropic/server";
import { FAKE_OPENAI_KEY, startFakeOpenAI, type FakeLlmServer } from "../../../tests/fakes/openai/server";
import { AgentCallError, type AgentRunRecord } from "./agent-run-record";
import { formatModelRef, parseModelChain, type ModelRef } from "./model-spec";
import { createModelRegistry, type ModelRegistry } from "./providers";
import { streamDraft, type StreamDraftOptions } from "./stream-reply";

const OPENAI: ModelRef = { provider: "openai", model: "gpt-4o-mini" };
const ANTHROPIC: ModelRef = { provider: "anthropic", model: "claude-haiku-4-5" };
const CHAIN = parseModelChain("openai:gpt-4o-mini, anthropic:claude-haiku-4-5");
const LOCAL_REPLY = "Thanks for reaching out! A teammate will get back to you shortly.";

const finish = {
  type: "finish" as const,
  finishReason: { unified: "stop" as const, raw: "stop" },
  usage: {
    inputTokens: { total: 50, noCache: 50, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 12, text: 12, reasoning: undefined },
  },
};

type StreamPart = Awaited<ReturnType<MockLanguageModelV3["doStream"]>>["stream"] extends ReadableStream<infer P> ? P : never;
type StreamScript = { chunks: string[]; failAfter?: number } | Error | "silent";

function streamingModel(ref: ModelRef, script: StreamScript): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    provider: ref.provider,
    modelId: ref.model,
    doStream: async ({ abortSignal }) => {
      if (script instanceof Error) throw script;
      if (script === "silent") {
        // an open stream that never sends a part, until the request is aborted
        const stream = new ReadableStream({
          start(controller) {
            abortSignal?.addEventListener("abort", () => controller.error(abortSignal.reason));
          },
        });
        return { stream };
      }
      const deltas: StreamPart[] = script.chunks.map((delta) => ({ type: "text-delta", id: "t1", delta }));
      const parts: StreamPart[] =
        script.failAfter === undefined
          ? [{ type: "text-start", id: "t1" }, ...deltas, { type: "text-end", id: "t1" }, finish]
          : [{ type: "text-start", id: "t1" }, ...deltas.slice(0, script.failAfter), { type: "error", error: new Error("connection reset") }];
      return { stream: simulateReadableStream({ chunks: parts, chunkDelayInMs: null }) };
    },
  });
}

function registryOf(models: Record<string, MockLanguageModelV3>): ModelRegistry {
  return { resolve: (ref) => models[formatModelRef(ref)] ?? null, redact: (t) => t };
}

function draftOptions(registry: ModelRegistry, extra: Partial<StreamDraftOptions> = {}): StreamDraftOptions & { runs: AgentRunRecord[] } {
  const runs: AgentRunRecord[] = [];
  return {
    chain: CHAIN,
    registry,
    buildPrompt: () => ({ system: "Write a short, friendly reply.", prompt: "Customer: do you ship to Canada?" }),
    local: () => LOCAL_REPLY,
    timeoutMs: 1_000,
    onRun: (rec) => void runs.push(rec),
    runs,
    ...extra,
  };
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of iterable) out.push(chunk);
  return out;
}

describe("streamDraft (mock models)", () => {
  it("streams the first model's chunks and records usage", async () => {
    const opts = draftOptions(registryOf({ [formatModelRef(OPENAI)]: streamingModel(OPENAI, { chunks: ["Yes, ", "we ship ", "to Canada!"] }) }));
    expect(await collect(streamDraft(opts))).toEqual(["Yes, ", "we ship ", "to Canada!"]);
    expect(opts.runs).toEqual([
      expect.objectContaining({ agent: "reply", provider: "openai", outcome: "ok", tokensIn: 50, tokensOut: 12, cacheHit: false }),
    ]);
  });

  it("moves to the next model when the first fails before its first chunk", async () => {
    const opts = draftOptions(
      registryOf({
        [formatModelRef(OPENAI)]: streamingModel(OPENAI, new APICallError({ message: "down", url: "u", requestBodyValues: {}, statusCode: 500 })),
        [formatModelRef(ANTHROPIC)]: streamingModel(ANTHROPIC, { chunks: ["Hi ", "there"] }),
      }),
    );
    expect(await collect(streamDraft(opts))).toEqual(["Hi ", "there"]);
    expect(opts.runs[0]?.provider).toBe("anthropic");
    expect(opts.runs[0]?.attempts[0]?.error).toMatch(/^server \(http 500\)/);
  });

  it("moves on when a model stays silent past the timeout", async () => {
    const opts = draftOptions(
      registryOf({
        [formatModelRef(OPENAI)]: streamingModel(OPENAI, "silent"),
        [formatModelRef(ANTHROPIC)]: streamingModel(ANTHROPIC, { chunks: ["Hello"] }),
      }),
      { timeoutMs: 50 },
    );
    expect(await collect(streamDraft(opts))).toEqual(["Hello"]);
    expect(opts.runs[0]?.attempts[0]?.error).toBe("timeout: no answer within 50 ms");
  });

  it("yields the local reply in one chunk when no model starts", async () => {
    const down = new APICallError({ message: "down", url: "u", requestBodyValues: {}, statusCode: 503 });
    const opts = draftOptions(registryOf({ [formatModelRef(OPENAI)]: streamingModel(OPENAI, down) }));
    expect(await collect(streamDraft(opts))).toEqual([LOCAL_REPLY]);
    expect(opts.runs[0]).toMatchObject({ provider: "local", outcome: "fallback" });
    expect(opts.runs[0]?.attempts.map((a) => a.error ?? "ok")).toEqual([
      expect.stringMatching(/^server/),
      "skipped: provider not configured",
      "ok",
    ]);
  });

  it("throws AgentCallError when the stream breaks after text was sent", async () => {
    const opts = draftOptions(registryOf({ [formatModelRef(OPENAI)]: streamingModel(OPENAI, { chunks: ["Yes, ", "we", " ship"], failAfter: 1 }) }));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of streamDraft(opts)) seen.push(chunk);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["Yes, "]);
    expect(error).toBeInstanceOf(AgentCallError);
    expect(opts.runs).toHaveLength(1);
    expect(opts.runs[0]).toMatchObject({ provider: "openai", outcome: "error", error: expect.stringMatching(/^stream broke mid-reply/) });
  });

  it("uses the local reply without touching a model when the budget is spent", async () => {
    const model = streamingModel(OPENAI, { chunks: ["x"] });
    const opts = draftOptions(registryOf({ [formatModelRef(OPENAI)]: model }), { budget: { allowLlm: false, reason: "budget spent" } });
    expect(await collect(streamDraft(opts))).toEqual([LOCAL_REPLY]);
    expect(model.doStreamCalls).toHaveLength(0);
    expect(opts.runs[0]).toMatchObject({ outcome: "fallback", error: "budget spent" });
  });

  it("records a cancelled draft when the consumer stops reading", async () => {
    const opts = draftOptions(registryOf({ [formatModelRef(OPENAI)]: streamingModel(OPENAI, { chunks: ["a", "b", "c"] }) }));
    for await (const chunk of streamDraft(opts)) {
      expect(chunk).toBe("a");
      break;
    }
    expect(opts.runs).toEqual([expect.objectContaining({ provider: "openai", outcome: "error", error: "draft cancelled by the consumer" })]);
  });
});

describe("streamDraft over HTTP", () => {
  let openai: FakeLlmServer;
  let anthropic: FakeLlmServer;
  beforeAll(async () => {
    [openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
  });
  afterAll(async () => {
    await Promise.all([openai.close(), anthropic.close()]);
  });
  beforeEach(() => {
    openai.reset();
    anthropic.reset();
  });
  const registry = (api: "responses" | "chat" = "responses") =>
    createModelRegistry({
      openai: { apiKey: FAKE_OPENAI_KEY, baseURL: openai.baseURL, api },
      anthropic: { apiKey: FAKE_ANTHROPIC_KEY, baseURL: anthropic.baseURL },
    });

  it.each(["responses", "chat"] as const)("streams SSE from OpenAI (%s API)", async (api) => {
    openai.enqueue({ type: "reply", content: "Yes, we ship to Canada!", chunks: ["Yes, ", "we ship ", "to Canada!"], usage: { input: 40, output: 9 } });
    const opts = draftOptions(registry(api));
    expect(await collect(streamDraft(opts))).toEqual(["Yes, ", "we ship ", "to Canada!"]);
    expect(openai.requests[0]?.body).toMatchObject({ stream: true });
    expect(opts.runs[0]).toMatchObject({ provider: "openai", outcome: "ok", tokensIn: 40, tokensOut: 9 });
  });

  it("falls back from an OpenAI 500 to Anthropic's SSE stream", async () => {
    openai.enqueue({ type: "error", status: 500 });
    anthropic.enqueue({ type: "reply", content: "Hello from Claude", chunks: ["Hello ", "from ", "Claude"] });
    const opts = draftOptions(registry());
    expect(await collect(streamDraft(opts))).toEqual(["Hello ", "from ", "Claude"]);
    expect(anthropic.requests[0]?.body).toMatchObject({ stream: true, model: "claude-haiku-4-5" });
    expect(opts.runs[0]).toMatchObject({ provider: "anthropic", outcome: "ok" });
  });

  it("falls back to the local reply when both providers fail before streaming", async () => {
    openai.enqueue({ type: "hang" });
    anthropic.enqueue({ type: "error", status: 401 });
    const opts = draftOptions(registry(), { timeoutMs: 200 });
    expect(await collect(streamDraft(opts))).toEqual([LOCAL_REPLY]);
    expect(opts.runs[0]?.attempts.map((a) => a.error?.split(" ")[0] ?? "ok")).toEqual(["timeout:", "auth", "ok"]);
  });

  it("reports a connection dropped mid-stream", async () => {
    anthropic.enqueue({ type: "reply", content: "abc", chunks: ["a", "b", "c"], failAfterChunks: 1 });
    const opts = draftOptions(registry(), { chain: parseModelChain("anthropic:claude-haiku-4-5") });
    await expect(collect(streamDraft(opts))).rejects.toBeInstanceOf(AgentCallError);
    expect(opts.runs[0]).toMatchObject({ outcome: "error", provider: "anthropic" });
  });
});

describe("streamDraft when everything fails", () => {
  it("throws AgentCallError and reports one run when the local reply fails too", async () => {
    const opts = draftOptions(registryOf({}), {
      local: () => {
        throw new Error("no knowledge base");
      },
    });
    await expect(collect(streamDraft(opts))).rejects.toBeInstanceOf(AgentCallError);
    expect(opts.runs).toHaveLength(1);
    expect(opts.runs[0]).toMatchObject({ outcome: "error", provider: "local", error: "local model failed: no knowledge base" });
  });
});
