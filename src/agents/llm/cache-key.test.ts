import { describe, expect, it } from "vitest";
import { canonicalJson, llmCacheKey, type LlmCacheKeyParts } from "./cache-key";

const base: LlmCacheKeyParts = {
  agent: "intent",
  workspaceId: "ws_1",
  input: { text: "how much is the pro plan?", channel: "instagram" },
  tone: "friendly",
  model: "openai:gpt-4o-mini,local",
  promptVersion: "intent-v1",
};

describe("llmCacheKey", () => {
  it("is llm:<agent>:<sha256 hex>", () => {
    expect(llmCacheKey(base)).toMatch(/^llm:intent:[0-9a-f]{64}$/);
  });

  it("does not depend on key order", () => {
    const reordered = { ...base, input: { channel: "instagram", text: "how much is the pro plan?" } };
    expect(llmCacheKey(reordered)).toBe(llmCacheKey(base));
  });

  it.each([
    ["workspaceId", { workspaceId: "ws_2" }],
    ["input", { input: { text: "how much is the team plan?", channel: "instagram" } }],
    ["tone", { tone: "formal" }],
    ["model", { model: "anthropic:claude-haiku-4-5,local" }],
    ["promptVersion", { promptVersion: "intent-v2" }],
    ["agent", { agent: "reply" as const }],
  ])("changes when %s changes (tenants never share entries)", (_name, change) => {
    expect(llmCacheKey({ ...base, ...change })).not.toBe(llmCacheKey(base));
  });

  it("rejects a missing tenant", () => {
    expect(() => llmCacheKey({ ...base, workspaceId: "" })).toThrow();
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});
