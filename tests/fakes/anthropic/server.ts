/**
 * Fake Anthropic Messages API (POST /v1/messages) in the real wire format: x-api-key and
 * anthropic-version headers, the {type:"error"} body, JSON and SSE streaming
 * (message_start, content_block_*, message_delta, message_stop). Structured output arrives
 * either as `output_config.format` (answered with a text block) or as a forced tool
 * (answered with a tool_use block), the two modes the AI SDK's Anthropic provider uses.
 */
import {
  replyJson,
  fakeTokens,
  asRecord,
  dropConnection,
  sendJson,
  splitIntoChunks,
  startFakeLlmServer,
  startSse,
  writeSse,
  type FakeLlmBehaviour,
  type FakeLlmServer,
  type FakeWireFormat,
  type ReplyContext,
} from "../shared/llm-fake-core";

export { replyJson, type FakeLlmBehaviour, type FakeLlmServer };

export const FAKE_ANTHROPIC_KEY = "sk-ant-fake-anthropic-test-key";

type Answer = Extract<FakeLlmBehaviour, { type: "reply" | "invalid-json" }>;

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

function errorBody(status: number, message: string) {
  return { type: "error", error: { type: ERROR_TYPES[status] ?? "api_error", message } };
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_fake${(++counter).toString().padStart(6, "0")}`;

/**
 * The tool the model must call, if the request forces one: {type:"tool", name} or, with a
 * single tool on offer, {type:"any"} (how the SDK's "json" tool mode asks older models).
 */
function forcedTool(body: Record<string, unknown>): string | undefined {
  const choice = asRecord(body.tool_choice);
  if (choice.type === "tool" && typeof choice.name === "string") return choice.name;
  const tools = Array.isArray(body.tools) ? body.tools.map(asRecord) : [];
  const only = tools.length === 1 ? tools[0]?.name : undefined;
  return choice.type === "any" && typeof only === "string" ? only : undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? asRecord(value) : undefined;
  } catch {
    return undefined;
  }
}

async function replyMessages(ctx: ReplyContext, answer: Answer): Promise<void> {
  const { body, res } = ctx;
  const content = answer.type === "reply" ? answer.content : "Here you go: {not json";
  const usage = answer.usage ?? { input: fakeTokens([body.system, body.messages]), output: fakeTokens(content) };
  const model = String(body.model ?? "unknown");
  const toolName = forcedTool(body);
  const toolInput = toolName === undefined ? undefined : parseObject(content);
  const block =
    toolName !== undefined && toolInput !== undefined
      ? { type: "tool_use", id: nextId("toolu"), name: toolName, input: toolInput }
      : { type: "text", text: content };
  const stopReason = block.type === "tool_use" ? "tool_use" : "end_turn";
  const message = { id: nextId("msg"), type: "message", role: "assistant", model };
  const fullUsage = { input_tokens: usage.input, output_tokens: usage.output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

  if (body.stream !== true) {
    sendJson(res, 200, { ...message, content: [block], stop_reason: stopReason, stop_sequence: null, usage: fullUsage });
    return;
  }
  const chunks = answer.type === "reply" ? splitIntoChunks(content, answer.chunks) : [content];
  const failAfter = answer.type === "reply" ? answer.failAfterChunks : undefined;
  const emit = (type: string, data: Record<string, unknown>) => writeSse(res, { type, ...data }, type);
  startSse(res);
  emit("message_start", {
    message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...fullUsage, output_tokens: 1 } },
  });
  emit("content_block_start", {
    index: 0,
    content_block: block.type === "tool_use" ? { ...block, input: {} } : { type: "text", text: "" },
  });
  emit("ping", {});
  for (const [i, text] of chunks.entries()) {
    if (failAfter !== undefined && i >= failAfter) return dropConnection(res);
    const delta = block.type === "tool_use" ? { type: "input_json_delta", partial_json: text } : { type: "text_delta", text };
    emit("content_block_delta", { index: 0, delta });
  }
  emit("content_block_stop", { index: 0 });
  emit("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } });
  emit("message_stop", {});
  res.end();
}

export interface FakeAnthropicOptions {
  /** The key the fake accepts in `x-api-key`. */
  apiKey?: string;
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeLlmServer> {
  const apiKey = options.apiKey ?? FAKE_ANTHROPIC_KEY;
  const format: FakeWireFormat = {
    routes: new Set(["POST /v1/messages"]),
    errorBody,
    authorise(request) {
      if (request.headers["x-api-key"] !== apiKey) return { status: 401, body: errorBody(401, "invalid x-api-key") };
      if (!request.headers["anthropic-version"]) {
        return { status: 400, body: errorBody(400, "anthropic-version: header is required") };
      }
      return null;
    },
    reply: replyMessages,
  };
  return startFakeLlmServer(format);
}
