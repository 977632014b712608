import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { RATE_LIMIT_POLICIES } from "@/server/infra/ratelimit/policies";
import { rateLimiter } from "@/server/infra/runtime/ports";
import { stopQueue } from "@/server/infra/runtime/queue";
import { sessionClaims } from "@/server/sessions/session-claims";
import { startFakeOpenAI, FAKE_OPENAI_KEY } from "../fakes/openai/server";
import { replyJson, type FakeLlmServer } from "../fakes/shared/llm-fake-core";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

/**
 * Issue 11, finding 8: the AI rate limit at the door where model requests leave. A workspace
 * over it still gets every message processed, by the local models, and its inbox's "Draft with
 * AI" is answered 429 with Retry-After; another workspace is not affected.
 */
let fake: FakeLlmServer;
let limited: Awaited<ReturnType<typeof createPipelineWorkspace>>;
let other: Awaited<ReturnType<typeof createPipelineWorkspace>>;

const ANSWERS: Record<string, unknown> = {
  "You classify one message": { intent: "sales", confidence: 0.93 },
  "You write replies on behalf of": { reply: "Our Pro plan costs $29 per month.", usedArticleIds: [], confident: true },
  "You score social-media leads": { tier: "hot", score: 82, reason: "Asked for pricing", tags: ["pricing"] },
};

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.setResponder((request) => {
    const body = JSON.stringify(request.body);
    const answer = Object.entries(ANSWERS).find(([marker]) => body.includes(marker));
    return answer ? replyJson(answer[1], { usage: { input: 100, output: 20 } }) : { type: "error", status: 400, message: "unknown request" };
  });
  Object.assign(process.env, {
    OPENAI_API_KEY: FAKE_OPENAI_KEY,
    OPENAI_BASE_URL: fake.baseURL,
    INTENT_MODELS: "openai:gpt-4o-mini,local",
    REPLY_MODELS: "openai:gpt-4o-mini,local",
    SCORER_MODELS: "openai:gpt-4o-mini,local",
    LLM_TIMEOUT_MS: "2000",
  });
  limited = await createPipelineWorkspace({ autoReplyEnabled: false });
  other = await createPipelineWorkspace({ autoReplyEnabled: false });
});

afterAll(async () => {
  await stopQueue();
  await fake.close();
});

async function send(ws: typeof limited, text: string) {
  const body = demoBody(ws.externalId, text);
  expect(await postDemo(ws, body)).toMatchObject({ stored: 1 });
  const platformMessageId = (JSON.parse(body) as { messageId: string }).messageId;
  return waitFor(
    () => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findFirst({ where: { platformMessageId, status: "PROCESSED" }, include: { agentRuns: true } })),
    20_000,
    "message processed",
  );
}

/** Spends the workspace's AI allowance for this window, as a burst of other AI calls would. */
async function exhaustAi(workspaceId: string) {
  for (let i = 0; i < RATE_LIMIT_POLICIES.ai.limit; i++) await rateLimiter().limit("ai", workspaceId);
}

describe("the AI rate limit", () => {
  it("degrades the pipeline to the local models: the message is processed, no model request leaves", async () => {
    await exhaustAi(limited.workspaceId);
    const before = fake.requests.length;
    const message = await send(limited, "How much is the Pro plan per month? I want to buy today.");
    expect(fake.requests.length).toBe(before);
    expect(message.status).toBe("PROCESSED");
    expect(message.intent).not.toBeNull();
    const asked = message.agentRuns.filter((run) => !run.error?.includes("skipped: local model confident"));
    expect(asked.length).toBeGreaterThan(0);
    for (const run of asked) expect(run).toMatchObject({ provider: "local", outcome: "fallback", error: expect.stringContaining("AI rate limit for this workspace reached") });
  });

  it("answers the inbox's streamed draft 429 with Retry-After", async () => {
    const message = await withTenant({ workspaceId: limited.workspaceId }, (tx) => tx.message.findFirstOrThrow({ where: { workspaceId: limited.workspaceId }, select: { conversationId: true } }));
    const { POST } = await import("@/app/api/drafts/stream/route");
    const cookie = `next-auth.session-token=${await encode({ token: await sessionClaims(limited.members.AGENT.userId), secret: process.env.NEXTAUTH_SECRET! })}; ll_workspace=${limited.workspaceId}`;
    const res = await POST(new Request("http://x/api/drafts/stream", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ conversationId: message.conversationId }) }));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
  });

  it("is per workspace: another workspace's messages still reach the model", async () => {
    const before = fake.requests.length;
    const message = await send(other, "How much is the Pro plan per month? I want to buy today.");
    expect(fake.requests.length).toBeGreaterThan(before);
    expect(message.agentRuns.some((run) => run.provider === "openai" && run.outcome === "ok")).toBe(true);
  });
});
