import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeOpenAI, FAKE_OPENAI_KEY } from "../fakes/openai/server";
import { replyJson, type FakeLlmBehaviour, type FakeLlmServer, type RecordedRequest } from "../fakes/shared/llm-fake-core";
import { findLeaks, loadPiiCorpus, piiValues, stringsIn, type PiiConversation } from "../fixtures/privacy/pii-corpus";
import { decrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

/**
 * The spy model: every LLM provider points at the fake OpenAI server, which records each request
 * body. The personal-data corpus (tests/fixtures/privacy) goes through the real pipeline turn by
 * turn (so later turns carry their conversation's history, with the replies sent in between),
 * then through the inbox's streamed draft; no personal value may appear in anything a model
 * received, nor in the LLM cache's keys and values.
 */
let fake: FakeLlmServer;
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
const corpus = loadPiiCorpus();
const cacheWrites: string[] = [];
const REPLY = "Hi [NAME_1]! Our Pro plan costs $29 per month and ships three bags.";
const STREAMED_REPLY = "Hi [NAME_1], thanks for your message.";

type Agent = "intent" | "reply" | "scorer" | "grounding" | "unknown";
const agentOf = (r: RecordedRequest): Agent => {
  const body = JSON.stringify(r.body);
  if (body.includes("You classify one message")) return "intent";
  if (body.includes("You write replies on behalf of")) return "reply";
  if (body.includes("You score social-media leads")) return "scorer";
  if (body.includes("You check a customer-service reply for invented facts")) return "grounding";
  return "unknown";
};

function respond(request: RecordedRequest): FakeLlmBehaviour {
  const usage = { input: 120, output: 30 };
  const streamed = (request.body as { stream?: unknown } | undefined)?.stream === true;
  switch (agentOf(request)) {
    case "intent":
      return replyJson({ intent: "sales", confidence: 0.93 }, { usage });
    case "scorer":
      return replyJson({ tier: "warm", score: 60, reason: "Asked about an order", tags: ["order"] }, { usage });
    case "reply":
      return streamed
        ? { type: "reply", content: STREAMED_REPLY, usage }
        : replyJson({ reply: REPLY, usedArticleIds: [], confident: true }, { usage });
    case "grounding":
      return replyJson({ unsupported: [] }, { usage });
    default:
      return { type: "error", status: 400, message: "unknown request" };
  }
}

type Sent = { conversationId: string; messageIds: string[] };

/** Sends a conversation's turns in order, each once the previous one is processed. */
async function sendConversation(conversation: PiiConversation, index: number): Promise<Sent> {
  const customer = { id: `spy-${index}`, name: conversation.customer.name, handle: conversation.customer.handle };
  const messageIds: string[] = [];
  let conversationId = "";
  for (const turn of conversation.turns) {
    const body = demoBody(ws.externalId, turn.text, customer);
    expect(await postDemo(ws, body)).toMatchObject({ stored: 1 });
    const platformMessageId = (JSON.parse(body) as { messageId: string }).messageId;
    const message = await waitFor(
      () => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findFirst({ where: { platformMessageId, status: "PROCESSED" } })),
      30_000,
      `${conversation.id} processed`,
    );
    messageIds.push(message.id);
    conversationId = message.conversationId;
  }
  return { conversationId, messageIds };
}

async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)))));
  return out;
}

const sent = new Map<string, Sent>();
let streamedFrom = 0;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.setResponder(respond);
  Object.assign(process.env, {
    OPENAI_API_KEY: FAKE_OPENAI_KEY,
    OPENAI_BASE_URL: fake.baseURL,
    INTENT_MODELS: "openai:gpt-4o-mini,local",
    REPLY_MODELS: "openai:gpt-4o-mini,local",
    SCORER_MODELS: "openai:gpt-4o-mini,local",
    LLM_TIMEOUT_MS: "5000",
  });
  const { cache } = await import("@/server/infra/runtime/ports");
  const port = cache();
  const set = port.set.bind(port);
  vi.spyOn(port, "set").mockImplementation((key: string, value: string, ttl: number) => {
    cacheWrites.push(key, value);
    return set(key, value, ttl);
  });
  // The intent confidence is the local calibrated model's; a near-zero threshold drafts (and
  // sends) a reply to every turn, so every turn's reply prompt, with its history, is checked.
  ws = await createPipelineWorkspace({ autoReplyEnabled: true, autoReplyThreshold: 0.001 });
  const results = await inBatches(corpus, 4, sendConversation);
  corpus.forEach((c, i) => sent.set(c.id, results[i]!));

  // Then "Draft with AI" from the inbox for every conversation: the last message and its history.
  const { streamInboxDraft } = await import("@/server/inbox/stream-inbox-draft");
  streamedFrom = fake.requests.length;
  const actor = { workspaceId: ws.workspaceId, userId: ws.members.AGENT.userId, role: "AGENT" as const };
  await inBatches(corpus, 4, async (c) => {
    const stream = await streamInboxDraft(actor, sent.get(c.id)!.conversationId);
    await new Response(stream).text();
  });
}, 240_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await stopQueue();
  await fake.close();
});

describe("no personal data reaches a model (spy model over the real pipeline)", () => {
  it("shows the models every message, with no personal value in any request", () => {
    const agents = new Set(fake.requests.map(agentOf));
    // The grounding verifier reads each model reply that passed the local guardrails.
    expect(agents).toEqual(new Set(["intent", "scorer", "reply", "grounding"]));
    // The intent model is asked only about messages the local classifier is unsure of
    // (classify-intent.ts); every turn still reaches a model (checked below).
    expect(fake.requests.filter((r) => agentOf(r) === "intent").length).toBeGreaterThan(0);

    const seen = fake.requests.flatMap((r) => stringsIn(r.body));
    const leaks = corpus.flatMap((c) => findLeaks(seen, piiValues(c)).map((value) => `${c.id}: ${value}`));
    expect(leaks).toEqual([]);
    // The check is live: the ordinary words of every turn did reach the models.
    const missing = corpus.flatMap((c) => c.turns.flatMap((t) => t.keep.filter((w) => !seen.some((s) => s.includes(w))).map((w) => `${c.id}: ${w}`)));
    expect(missing).toEqual([]);
  });

  it("keeps personal data out of the inbox's streamed drafts, which carry the whole history", () => {
    const streamed = fake.requests.slice(streamedFrom).filter((r) => agentOf(r) === "reply");
    expect(streamed).toHaveLength(corpus.length);
    const prompts = streamed.map((r) => stringsIn(r.body).join("\n"));
    expect(corpus.flatMap((c) => findLeaks(prompts, piiValues(c)).map((value) => `${c.id}: ${value}`))).toEqual([]);
    // Each draft's prompt has the conversation's first turn (history) and its last (the message).
    const withoutHistory = corpus.filter((c) => !prompts.some((p) => p.includes(c.turns[0]!.keep[0]!) && p.includes(c.turns.at(-1)!.keep[0]!)));
    expect(withoutHistory.map((c) => c.id)).toEqual([]);
  });

  it("gives a value one placeholder across the message and its history", () => {
    const prompts = fake.requests.slice(streamedFrom).map((r) => stringsIn(r.body).join("\n"));
    const instagram = prompts.find((p) => p.includes("shop page"));
    expect(instagram).toContain("my ig is [HANDLE_1]");
    expect(instagram).toContain("and [HANDLE_1] is my shop page");
    const refund = prompts.find((p) => p.includes("terugbetaling"));
    expect(refund).toContain("bestelling [ORDER_1]");
  });

  it("keeps personal data out of the LLM cache's keys and values", () => {
    expect(cacheWrites.length).toBeGreaterThan(0);
    expect(corpus.flatMap((c) => findLeaks(cacheWrites, piiValues(c)).map((value) => `${c.id}: ${value}`))).toEqual([]);
  });

  it("re-hydrates the model's [NAME_1] to the person it stood for across the conversation", async () => {
    const conversation: PiiConversation = {
      id: "en-rehydrate",
      customer: { name: "Priya Raman", handle: "priya_r" },
      turns: [
        { text: "Hi, my name is Priya Raman. My colleague Dr. Sam Okafor will pay the invoice.", pii: ["Sam Okafor"], keep: ["colleague"] },
        { text: "How much is the Pro plan per month? Want to buy today", pii: [], keep: ["Pro plan"] },
      ],
    };
    const before = fake.requests.length;
    const { messageIds } = await sendConversation(conversation, corpus.length);
    const reply = await waitFor(
      () => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.findFirst({ where: { inReplyToId: messageIds[1]! } })),
      20_000,
      "reply",
    );
    // The message names no one; the history numbered Priya Raman [NAME_1] and Sam Okafor [NAME_2].
    const prompt = fake.requests.slice(before).filter((r) => agentOf(r) === "reply").map((r) => stringsIn(r.body).join("\n")).at(-1);
    expect(prompt).toContain("my name is [NAME_1]. My colleague Dr. [NAME_2] will pay");
    expect(findLeaks(fake.requests.slice(before).flatMap((r) => stringsIn(r.body)), piiValues(conversation))).toEqual([]);
    expect(decrypt(reply.textEnc)).toBe("Hi Priya Raman! Our Pro plan costs $29 per month and ships three bags.");
  });
});
