import { APICallError, NoObjectGeneratedError } from "ai";
import { describe, expect, it } from "vitest";
import { classifyLlmError, describeLlmError, LlmTimeoutError } from "./classify-error";

const apiError = (statusCode: number | undefined, extra: Partial<ConstructorParameters<typeof APICallError>[0]> = {}) =>
  new APICallError({ message: `status ${statusCode}`, url: "https://api.example/v1", requestBodyValues: {}, statusCode, ...extra });

describe("classifyLlmError", () => {
  it.each([
    [401, "auth"],
    [403, "auth"],
    [400, "client"],
    [404, "client"],
    [408, "server"],
    [429, "rate-limit"],
    [500, "server"],
    [503, "server"],
    [529, "server"],
  ])("maps HTTP %i to %s", (status, kind) => {
    expect(classifyLlmError(apiError(status)).kind).toBe(kind);
  });

  it("reads Retry-After in seconds and retry-after-ms", () => {
    expect(classifyLlmError(apiError(429, { responseHeaders: { "retry-after": "2" } })).retryAfterMs).toBe(2_000);
    expect(classifyLlmError(apiError(429, { responseHeaders: { "retry-after-ms": "150" } })).retryAfterMs).toBe(150);
  });

  it("recognises timeouts, network failures and invalid output", () => {
    expect(classifyLlmError(new LlmTimeoutError(10)).kind).toBe("timeout");
    expect(classifyLlmError(apiError(undefined, { isRetryable: true, message: "Cannot connect to API" })).kind).toBe("network");
    expect(classifyLlmError(Object.assign(new Error("connect"), { code: "ECONNREFUSED" })).kind).toBe("network");
    expect(classifyLlmError(new TypeError("fetch failed", { cause: { code: "UND_ERR_SOCKET" } })).kind).toBe("network");
    const invalid = new NoObjectGeneratedError({
      message: "could not parse",
      text: "{nope",
      response: { id: "r", timestamp: new Date(), modelId: "m" },
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2, inputTokenDetails: { noCacheTokens: 1, cacheReadTokens: undefined, cacheWriteTokens: undefined }, outputTokenDetails: { textTokens: 1, reasoningTokens: undefined } },
      finishReason: "stop",
    });
    expect(classifyLlmError(invalid).kind).toBe("invalid-output");
    expect(classifyLlmError(new Error("boom")).kind).toBe("unknown");
  });
});

describe("describeLlmError", () => {
  it("masks keys, bearer tokens and prompt lines, and caps the length", () => {
    const prompt = "Customer wrote: my card number is 4111 1111 1111 1111 please refund";
    const error = apiError(401, {
      message: `Incorrect API key provided: sk-proj-abcdefghijklmnop. Authorization: Bearer tok_secret_123 x-api-key: ant-secret-9 echo: ${prompt} ${"z".repeat(400)}`,
    });
    const text = describeLlmError(error, classifyLlmError(error), { sensitive: ["You are a classifier.", prompt] });
    expect(text.startsWith("auth (http 401): ")).toBe(true);
    for (const leaked of ["sk-proj-abcdefghijklmnop", "tok_secret_123", "ant-secret-9", "4111 1111"]) expect(text).not.toContain(leaked);
    expect(text.length).toBeLessThanOrEqual(240);
  });

  it("removes configured secrets that do not look like keys", () => {
    const error = new Error("upstream said: hunter2-not-a-key-shape rejected");
    const text = describeLlmError(error, { kind: "unknown" }, { redact: (t) => t.split("hunter2-not-a-key-shape").join("[redacted]") });
    expect(text).toBe("unknown: upstream said: [redacted] rejected");
  });
});
