import { describe, expect, it, vi } from "vitest";
import { createModelRegistry } from "./providers";

describe("createModelRegistry", () => {
  it("resolves configured providers and caches the model instances", () => {
    const registry = createModelRegistry({
      openai: { apiKey: "sk-test-openai" },
      anthropic: { apiKey: "sk-ant-test" },
      compat: { baseURL: "http://127.0.0.1:11434/v1", name: "ollama" },
    });
    const openai = registry.resolve({ provider: "openai", model: "gpt-4o-mini" });
    expect(openai).toMatchObject({ provider: "openai.responses", modelId: "gpt-4o-mini" });
    expect(registry.resolve({ provider: "openai", model: "gpt-4o-mini" })).toBe(openai);
    expect(registry.resolve({ provider: "anthropic", model: "claude-haiku-4-5" })).toMatchObject({ provider: "anthropic.messages" });
    expect(registry.resolve({ provider: "compat", model: "llama3.1" })).toMatchObject({ provider: "ollama.chat", modelId: "llama3.1" });
  });

  it("can use the Chat Completions endpoint for OpenAI", () => {
    const registry = createModelRegistry({ openai: { apiKey: "sk-test-openai", api: "chat" } });
    expect(registry.resolve({ provider: "openai", model: "gpt-4o-mini" })).toMatchObject({ provider: "openai.chat" });
  });

  it("returns null for local and for unconfigured providers, warning once per provider", () => {
    const warn = vi.fn();
    const registry = createModelRegistry({ logger: { warn } });
    expect(registry.resolve({ provider: "local", model: "builtin" })).toBeNull();
    expect(registry.resolve({ provider: "anthropic", model: "claude-haiku-4-5" })).toBeNull();
    expect(registry.resolve({ provider: "anthropic", model: "claude-sonnet-4-5" })).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toEqual({ provider: "anthropic", model: "claude-haiku-4-5" });
  });

  it("redacts every configured key", () => {
    const registry = createModelRegistry({ openai: { apiKey: "sk-one-1234" }, compat: { baseURL: "http://x/v1", apiKey: "plainsecret" } });
    expect(registry.redact("a sk-one-1234 b plainsecret c")).toBe("a [redacted] b [redacted] c");
  });
});
