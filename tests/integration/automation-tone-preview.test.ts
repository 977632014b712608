import { afterAll, describe, expect, it, vi } from "vitest";
import { resetAgentRuntime } from "@/server/ai/agent-runtime";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { RATE_LIMIT_POLICIES } from "@/server/infra/ratelimit/policies";
import { rateLimiter } from "@/server/infra/runtime/ports";
import { DEMO_ARTICLES } from "@/server/demo/demo-content";
import { startFakeOpenAI, FAKE_OPENAI_KEY } from "../fakes/openai/server";
import { replyJson } from "../fakes/shared/llm-fake-core";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

/**
 * Settings' tone preview (issue 13, point 4): the reply agent's answer to a sample message with
 * the tone being edited, through the knowledge "Test the bot" path; nothing stored, tone unsaved.
 */

const localFails = vi.hoisted(() => ({ on: false }));
vi.mock("@/agents/reply/generate-reply-local", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/agents/reply/generate-reply-local")>();
  return {
    ...original,
    generateReplyLocal: (...args: Parameters<typeof original.generateReplyLocal>) => {
      if (localFails.on) throw new Error("local model crashed");
      return original.generateReplyLocal(...args);
    },
  };
});

async function snapshot(workspaceId: string) {
  return withTenant({ workspaceId }, async (tx) => ({
    conversations: await tx.conversation.count(), messages: await tx.message.count(), contacts: await tx.contact.count(),
    leads: await tx.lead.count(), replies: await tx.reply.count(), agentRuns: await tx.agentRun.count(),
    tone: (await tx.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).toneGuidelines,
  }));
}

async function teamWithKnowledge(name: string) {
  const team = await createWorkspaceWithTeam(name);
  const admin = callerFor(team.members.ADMIN.userId, team.workspaceId);
  for (const article of DEMO_ARTICLES) await admin.knowledge.create({ title: article.title, body: article.body, tags: [...article.tags] });
  return { ...team, admin };
}

const SHIPPING = "Hello, how long does standard shipping take?";

describe("workspace.previewTone", () => {
  it("answers a sample with the draft tone on the built-in model, storing nothing and leaving the tone unsaved", async () => {
    const team = await teamWithKnowledge("Tone preview");
    const before = await snapshot(team.workspaceId);
    const formal = await team.admin.workspace.previewTone({ toneGuidelines: "Formal and precise. No emoji. Sign off as 'the Support Desk'.", message: SHIPPING, intent: "support" });
    expect(formal).toMatchObject({ status: "ok", writtenBy: "local", notice: null });
    if (formal.status !== "ok") throw new Error("unreachable");
    expect(formal).toMatchObject({ handoff: false, usedArticles: [{ title: "Shipping" }] });
    expect(formal.reply).toMatch(/3 to 5 business days/);
    expect(await snapshot(team.workspaceId)).toEqual(before);
  });

  it("sends the unsaved tone to the model and counts the call against the AI budget", async () => {
    const fake = await startFakeOpenAI();
    const prompts: string[] = [];
    let shippingId = "";
    fake.setResponder((request) => {
      const body = JSON.stringify(request.body);
      prompts.push(body);
      if (body.includes("You write replies on behalf of")) return replyJson({ reply: "Ahoy! Standard shipping takes 3 to 5 business days, matey.", usedArticleIds: [shippingId], confident: true }, { usage: { input: 120, output: 15 } });
      return { type: "error", status: 500, message: "down" };
    });
    const saved = { ...process.env };
    Object.assign(process.env, { OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: fake.baseURL, REPLY_MODELS: "openai:gpt-4o-mini,local", LLM_TIMEOUT_MS: "2000" });
    resetEnvCache();
    resetAgentRuntime();
    try {
      const team = await teamWithKnowledge("Tone preview model");
      shippingId = (await team.admin.knowledge.list()).find((a) => a.title === "Shipping")!.id;
      const before = await snapshot(team.workspaceId);
      const preview = await team.admin.workspace.previewTone({ toneGuidelines: "Talk like a friendly pirate.", message: "I'm Jane (jane.doe@example.com). " + SHIPPING });
      expect(preview).toMatchObject({ status: "ok", writtenBy: "model", notice: null, reply: expect.stringMatching(/Ahoy/) });
      const replyPrompt = prompts.find((p) => p.includes("You write replies on behalf of")) ?? "";
      expect(replyPrompt).toContain("Talk like a friendly pirate.");
      expect(prompts.join("\n")).not.toContain("jane.doe@example.com");
      expect(await snapshot(team.workspaceId)).toEqual(before);
      const usage = await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.usageRecord.findMany({ where: { provider: "openai" } }));
      expect(usage.reduce((n, u) => n + u.calls, 0)).toBeGreaterThanOrEqual(1);

      // The provider failing: the built-in model writes the preview, and the page says why in plain words.
      fake.setResponder(() => ({ type: "error", status: 500, message: "upstream exploded: key sk-should-not-leak" }));
      const fallback = await team.admin.workspace.previewTone({ toneGuidelines: "Talk like a friendly pirate.", message: SHIPPING });
      expect(fallback).toMatchObject({ status: "ok", writtenBy: "local", notice: expect.stringMatching(/^Written by the built-in model because the AI provider did not answer/) });
      expect(JSON.stringify(fallback)).not.toMatch(/sk-should-not-leak|exploded/);

      // Over the workspace's AI rate limit (the limit-llm-calls door): no request leaves, and the page says so.
      const limited = await teamWithKnowledge("Tone preview rate limited");
      for (let i = 0; i < RATE_LIMIT_POLICIES.ai.limit; i++) await rateLimiter().limit("ai", limited.workspaceId);
      const sentBefore = fake.requests.length;
      const throttled = await limited.admin.workspace.previewTone({ toneGuidelines: "Talk like a friendly pirate.", message: SHIPPING });
      expect(fake.requests.length).toBe(sentBefore);
      expect(throttled).toMatchObject({ status: "ok", writtenBy: "local", notice: expect.stringMatching(/this workspace reached its AI rate limit/) });

      // A spent monthly budget: the same, said as such.
      const broke = await teamWithKnowledge("Tone preview no budget");
      await broke.admin.workspace.updateSettings({ monthlyAiBudgetUsd: 0 });
      const unpaid = await broke.admin.workspace.previewTone({ toneGuidelines: "Talk like a friendly pirate.", message: SHIPPING });
      expect(fake.requests.length).toBe(sentBefore);
      expect(unpaid).toMatchObject({ status: "ok", writtenBy: "local", notice: expect.stringMatching(/this month's AI budget is spent/) });
    } finally {
      process.env = saved;
      resetEnvCache();
      resetAgentRuntime();
      await fake.close();
    }
  });

  it("gives a clear error when the reply agent cannot answer at all", async () => {
    const team = await teamWithKnowledge("Tone preview broken");
    const before = await snapshot(team.workspaceId);
    localFails.on = true;
    try {
      const result = await team.admin.workspace.previewTone({ toneGuidelines: "Warm.", message: SHIPPING });
      expect(result).toEqual({ status: "failed", message: "The reply agent could not write a preview just now. Your tone guidelines were not changed; try again in a moment." });
    } finally {
      localFails.on = false;
    }
    expect(await snapshot(team.workspaceId)).toEqual(before);
  });

  it("is admin-only: agents, viewers and outsiders are refused", async () => {
    const team = await createWorkspaceWithTeam("Tone preview roles");
    const outsider = await createWorkspaceWithTeam("Tone preview outsider");
    const input = { toneGuidelines: "Warm.", message: SHIPPING };
    await expect(callerFor(team.members.AGENT.userId, team.workspaceId).workspace.previewTone(input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(team.members.VIEWER.userId, team.workspaceId).workspace.previewTone(input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(outsider.members.ADMIN.userId, team.workspaceId).workspace.previewTone(input)).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) });
  });

  it("refuses an empty sample, an over-long tone and an unknown intent with clear messages", async () => {
    const team = await createWorkspaceWithTeam("Tone preview input");
    const admin = callerFor(team.members.ADMIN.userId, team.workspaceId);
    const before = await snapshot(team.workspaceId);
    await expect(admin.workspace.previewTone({ toneGuidelines: "Warm.", message: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Choose a sample or type a customer message/) });
    await expect(admin.workspace.previewTone({ toneGuidelines: "x".repeat(2_001), message: SHIPPING })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/limited to 2,000 characters/) });
    await expect(admin.workspace.previewTone({ toneGuidelines: "Warm.", message: SHIPPING, intent: "spam" as "sales" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await snapshot(team.workspaceId)).toEqual(before);
  });
});

afterAll(() => {
  resetAgentRuntime();
});
