import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import type { AgentDeps } from "../agent-deps";
import { formatModelRef, parseModelChain } from "../llm/model-spec";
import { generateReply } from "./generate-reply";
import { SAFE_HANDOFF_REPLY } from "./safe-handoff";
import { replyInput } from "../../../tests/helpers/agents/test-knowledge";

/** Deps whose reply model answers `reply` (confident), recording the prompts it was sent. */
function modelReplying(reply: string) {
  const prompts: string[] = [];
  const model = new MockLanguageModelV3({
    provider: "openai",
    modelId: "gpt-4o-mini",
    doGenerate: async (options) => {
      prompts.push(JSON.stringify(options.prompt));
      return {
        content: [{ type: "text" as const, text: JSON.stringify({ reply, usedArticleIds: ["kb-shipping"], confident: true }) }],
        finishReason: { unified: "stop" as const, raw: "stop" },
        usage: {
          inputTokens: { total: 100, noCache: 100, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: 20, text: 20, reasoning: undefined },
        },
        warnings: [],
      };
    },
  });
  const deps: AgentDeps = {
    registry: { resolve: (ref) => (formatModelRef(ref) === "openai:gpt-4o-mini" ? model : null), redact: (t) => t },
    chain: parseModelChain("openai:gpt-4o-mini,local"),
    workspaceId: "ws_test",
    timeoutMs: 1_000,
    retries: 0,
  };
  return { deps, prompts };
}

describe("generateReply", () => {
  it("does not ask the model when no retrieved article is relevant, and hands off", async () => {
    const { deps, prompts } = modelReplying("Our Starter plan costs $29 per month.");
    const { reply } = await generateReply(replyInput({ message: "Do you sell gift cards for birthdays?" }), {}, deps);
    expect(reply).toMatchObject({ handoff: true, text: SAFE_HANDOFF_REPLY, flags: ["weak-match"] });
    expect(prompts).toEqual([]);
  });

  it("shows the model only the relevant articles", async () => {
    const { deps, prompts } = modelReplying("We ship to the US, Canada and the UK.");
    const { reply } = await generateReply(replyInput({ message: "Do you ship to Canada?" }), {}, deps);
    expect(reply.handoff).toBe(false);
    expect(prompts[0]).toContain("kb-shipping");
    expect(prompts[0]).not.toContain("kb-pricing");
  });

  it("hands off an English model reply to a Spanish question", async () => {
    const { deps } = modelReplying("We ship to the US, Canada and the UK.");
    const { reply } = await generateReply(replyInput({ message: "Hola, ¿hacen envíos a Canada?" }), {}, deps);
    expect(reply).toMatchObject({ handoff: true, text: SAFE_HANDOFF_REPLY });
    expect(reply.flags).toEqual(expect.arrayContaining(["language-mismatch", "language:es"]));
  });

  it("keeps a model reply in the customer's language", async () => {
    const { deps } = modelReplying("¡Hola! Enviamos a Estados Unidos, Canadá y el Reino Unido.");
    const { reply } = await generateReply(replyInput({ message: "Hola, ¿hacen envíos a Canada?" }), {}, deps);
    expect(reply.handoff).toBe(false);
    expect(reply.flags).toEqual(["llm"]);
  });
});
