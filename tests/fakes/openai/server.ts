/**
 * Fake OpenAI API speaking the real wire formats the AI SDK's OpenAI providers use:
 *  - POST /v1/responses        (Responses API: what `openai(model)` / `openai.responses(model)` call)
 *  - POST /v1/chat/completions (Chat Completions: `openai.chat(model)` and every
 *                               OpenAI-compatible server, so it also fakes `compat`)
 * JSON and SSE streaming, usage objects, Bearer auth with OpenAI's 401 body.
 */
import {
  asRecord,
  fakeTokens,
  replyJson,
  dropConnection,
  sendJson,
  splitIntoChunks,
  startFakeLlmServer,
  startSse,
  writeSse,
  type FakeLlmBehaviour,
  type FakeLlmServer,
  type FakeUsage,
  type FakeWireFormat,
  type ReplyContext,
} from "../shared/llm-fake-core";

export { replyJson, type FakeLlmBehaviour, type FakeLlmServer };

export const FAKE_OPENAI_KEY = "sk-fake-openai-test-key";

type Answer = Extract<FakeLlmBehaviour, { type: "reply" | "invalid-json" }>;

const ERROR_TYPES: Record<number, { type: string; code: string | null }> = {
  400: { type: "invalid_request_error", code: null },
  401: { type: "invalid_request_error", code: "invalid_api_key" },
  403: { type: "invalid_request_error", code: "unsupported_country_region_territory" },
  404: { type: "invalid_request_error", code: "model_not_found" },
  429: { type: "requests", code: "rate_limit_exceeded" },
};

function errorBody(status: number, message: string) {
  const kind = ERROR_TYPES[status] ?? { type: "server_error", code: null };
  return { error: { message, type: kind.type, param: null, code: kind.code } };
}

/** OpenAI echoes a masked key: first 3 and last 4 characters. */
function maskKey(key: string): string {
  return key.length <= 8 ? "****" : `${key.slice(0, 3)}${"*".repeat(key.length - 7)}${key.slice(-4)}`;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_fake${(++counter).toString().padStart(6, "0")}`;
const now = () => Math.floor(Date.now() / 1000);

function answerParts(answer: Answer, promptSource: unknown) {
  const content = answer.type === "reply" ? answer.content : "Sure! Here is the answer: {not json";
  const usage: FakeUsage = answer.usage ?? { input: fakeTokens(promptSource), output: fakeTokens(content) };
  const chunks = answer.type === "reply" ? splitIntoChunks(content, answer.chunks) : [content];
  const failAfter = answer.type === "reply" ? answer.failAfterChunks : undefined;
  return { content, usage, chunks, failAfter };
}

async function replyChat(ctx: ReplyContext, answer: Answer): Promise<void> {
  const { body, res } = ctx;
  const { content, usage, chunks, failAfter } = answerParts(answer, body.messages);
  const model = String(body.model ?? "unknown");
  const id = nextId("chatcmpl");
  const openaiUsage = { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output };
  if (body.stream !== true) {
    sendJson(res, 200, {
      id,
      object: "chat.completion",
      created: now(),
      model,
      system_fingerprint: "fp_fake",
      choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: openaiUsage,
    });
    return;
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    id,
    object: "chat.completion.chunk",
    created: now(),
    model,
    system_fingerprint: "fp_fake",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  startSse(res);
  writeSse(res, chunk({ role: "assistant", content: "", refusal: null }, null));
  for (const [i, text] of chunks.entries()) {
    if (failAfter !== undefined && i >= failAfter) return dropConnection(res);
    writeSse(res, chunk({ content: text }, null));
  }
  writeSse(res, chunk({}, "stop"));
  if (asRecord(body.stream_options).include_usage === true) {
    writeSse(res, { id, object: "chat.completion.chunk", created: now(), model, choices: [], usage: openaiUsage });
  }
  writeSse(res, "[DONE]");
  res.end();
}

async function replyResponses(ctx: ReplyContext, answer: Answer): Promise<void> {
  const { body, res } = ctx;
  const { content, usage, chunks, failAfter } = answerParts(answer, [body.instructions, body.input]);
  const model = String(body.model ?? "unknown");
  const id = nextId("resp");
  const itemId = nextId("msg");
  const responsesUsage = {
    input_tokens: usage.input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.input + usage.output,
  };
  const part = { type: "output_text", text: content, annotations: [], logprobs: [] };
  const item = { type: "message", id: itemId, status: "completed", role: "assistant", content: [part] };
  const response = (status: string, output: unknown[], withUsage: boolean) => ({
    id,
    object: "response",
    created_at: now(),
    status,
    model,
    output,
    error: null,
    incomplete_details: null,
    usage: withUsage ? responsesUsage : null,
  });
  if (body.stream !== true) {
    sendJson(res, 200, response("completed", [item], true));
    return;
  }
  let seq = 0;
  const emit = (type: string, data: Record<string, unknown>) => writeSse(res, { type, sequence_number: seq++, ...data }, type);
  startSse(res);
  emit("response.created", { response: response("in_progress", [], false) });
  emit("response.in_progress", { response: response("in_progress", [], false) });
  emit("response.output_item.added", { output_index: 0, item: { ...item, status: "in_progress", content: [] } });
  emit("response.content_part.added", { item_id: itemId, output_index: 0, content_index: 0, part: { ...part, text: "" } });
  for (const [i, delta] of chunks.entries()) {
    if (failAfter !== undefined && i >= failAfter) return dropConnection(res);
    emit("response.output_text.delta", { item_id: itemId, output_index: 0, content_index: 0, delta, logprobs: [] });
  }
  emit("response.output_text.done", { item_id: itemId, output_index: 0, content_index: 0, text: content, logprobs: [] });
  emit("response.content_part.done", { item_id: itemId, output_index: 0, content_index: 0, part });
  emit("response.output_item.done", { output_index: 0, item });
  emit("response.completed", { response: response("completed", [item], true) });
  res.end();
}

export interface FakeOpenAIOptions {
  /** The key the fake accepts as `Authorization: Bearer <key>`. */
  apiKey?: string;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeLlmServer> {
  const apiKey = options.apiKey ?? FAKE_OPENAI_KEY;
  const format: FakeWireFormat = {
    routes: new Set(["POST /v1/chat/completions", "POST /v1/responses"]),
    errorBody,
    authorise(request) {
      const header = request.headers.authorization ?? "";
      if (header === `Bearer ${apiKey}`) return null;
      const given = header.replace(/^Bearer\s+/i, "");
      const message = given
        ? `Incorrect API key provided: ${maskKey(given)}. You can find your API key at https://platform.openai.com/account/api-keys.`
        : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.";
      return { status: 401, body: errorBody(401, message) };
    },
    reply: (ctx, answer) => (ctx.request.path.endsWith("/responses") ? replyResponses(ctx, answer) : replyChat(ctx, answer)),
  };
  return startFakeLlmServer(format);
}
