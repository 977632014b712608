import { describe, expect, it } from "vitest";
import { formatModelChain, LOCAL_MODEL, ModelSpecError, parseModelChain } from "./model-spec";

describe("parseModelChain", () => {
  it("parses a full chain in order, keeping local last", () => {
    expect(parseModelChain("openai:gpt-4o-mini, anthropic:claude-haiku-4-5, compat:llama3.1, local")).toEqual([
      { provider: "openai", model: "gpt-4o-mini" },
      { provider: "anthropic", model: "claude-haiku-4-5" },
      { provider: "compat", model: "llama3.1" },
      LOCAL_MODEL,
    ]);
  });

  it("appends local when it is missing, and treats an empty spec as local only", () => {
    expect(parseModelChain("openai:gpt-4o-mini")).toEqual([{ provider: "openai", model: "gpt-4o-mini" }, LOCAL_MODEL]);
    expect(parseModelChain("   ")).toEqual([LOCAL_MODEL]);
    expect(parseModelChain("local")).toEqual([LOCAL_MODEL]);
  });

  it("splits on the first colon only, so Ollama tags and gateway ids survive", () => {
    expect(parseModelChain("compat:llama3.1:8b,compat:meta-llama/llama-3.1-8b-instruct")).toEqual([
      { provider: "compat", model: "llama3.1:8b" },
      { provider: "compat", model: "meta-llama/llama-3.1-8b-instruct" },
      LOCAL_MODEL,
    ]);
  });

  it.each([
    ["gpt-4o-mini", /entry 1 "gpt-4o-mini" must be "provider:model"/],
    ["openai:gpt-4o-mini, azure:gpt-4o", /entry 2 "azure:gpt-4o" is invalid \(provider: /],
    ["openai:", /entry 1 "openai:" is invalid \(model: /],
    ["openai:gpt 4o", /entry 1 "openai:gpt 4o" is invalid/],
    ["openai:gpt-4o-mini,,local", /entry 2 is empty/],
    ["local, openai:gpt-4o-mini", /entry 2 "openai:gpt-4o-mini" comes after "local"/],
    ["openai:gpt-4o,openai:gpt-4o", /entry 2 "openai:gpt-4o" is a duplicate/],
    ["local:builtin", /write the local model as plain "local"/],
  ])("rejects %j with an error naming the entry", (spec, message) => {
    expect(() => parseModelChain(spec)).toThrow(ModelSpecError);
    expect(() => parseModelChain(spec)).toThrow(message);
  });

  it("formats a chain back to a spec that parses to the same chain", () => {
    const chain = parseModelChain("anthropic:claude-haiku-4-5 , openai:gpt-4o-mini");
    expect(formatModelChain(chain)).toBe("anthropic:claude-haiku-4-5,openai:gpt-4o-mini,local");
    expect(parseModelChain(formatModelChain(chain))).toEqual(chain);
  });
});
