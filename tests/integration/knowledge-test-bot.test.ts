import { afterAll, describe, expect, it } from "vitest";
import { resetAgentRuntime } from "@/server/ai/agent-runtime";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { startFakeOpenAI, FAKE_OPENAI_KEY } from "../fakes/openai/server";
import { replyJson } from "../fakes/shared/llm-fake-core";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

/**
 * Settings -> Knowledge's "Test the bot" (issue 13): the reply agent's answer to a typed question
 * from the workspace's current articles, through the pipeline's reply recipe, storing nothing.
 */

async function rowCounts(workspaceId: string) {
  return withTenant({ workspaceId }, async (tx) => ({
    conversations: await tx.conversation.count(), messages: await tx.message.count(), contacts: await tx.contact.count(),
    leads: await tx.lead.count(), replies: await tx.reply.count(), agentRuns: await tx.agentRun.count(), audit: await tx.auditLog.count(),
  }));
}

const SHIPPING = { title: "Shipping to Canada", body: "We ship to Canada in 5 to 7 business days. Shipping to Canada costs 12 dollars per order.", tags: ["shipping"] };

describe("knowledge.testBot", () => {
  it("answers from an article just added, and creates no conversation, message, contact, lead, reply or agent run", async () => {
    const team = await createWorkspaceWithTeam("Test bot");
    const admin = callerFor(team.members.ADMIN.userId, team.workspaceId);
    const agent = callerFor(team.members.AGENT.userId, team.workspaceId);
    const article = await admin.knowledge.create(SHIPPING);
    const before = await rowCounts(team.workspaceId);

    const result = await agent.knowledge.testBot({ question: "How long does shipping to Canada take?" });

    expect(result.handoff).toBe(false);
    expect(result.usedArticles).toEqual([{ id: article.id, title: SHIPPING.title }]);
    expect(result.answer).toMatch(/5 to 7 business days/);
    expect(result.flags).toContain("local-model");
    expect(await rowCounts(team.workspaceId)).toEqual(before);
  });

  it("hands off with its reason when the knowledge base is empty", async () => {
    const team = await createWorkspaceWithTeam("Empty KB");
    const result = await callerFor(team.members.AGENT.userId, team.workspaceId).knowledge.testBot({ question: "How much is the premium plan?" });
    expect(result).toMatchObject({ handoff: true, usedArticles: [] });
    expect(result.flags).toContain("no-knowledge");
    expect(result.answer).not.toMatch(/\$|\d/);
  });

  it("never uses another workspace's articles", async () => {
    const owner = await createWorkspaceWithTeam("Has articles");
    await callerFor(owner.members.ADMIN.userId, owner.workspaceId).knowledge.create({ ...SHIPPING, title: "Other shop shipping" });
    const team = await createWorkspaceWithTeam("No articles");
    const result = await callerFor(team.members.ADMIN.userId, team.workspaceId).knowledge.testBot({ question: "How long does shipping to Canada take, and what does it cost?" });
    expect(result).toMatchObject({ handoff: true, usedArticles: [] });
    expect(result.flags).toContain("no-knowledge");
    expect(result.answer).not.toMatch(/5 to 7|12 dollars/);
  });

  it("refuses viewers and people outside the workspace", async () => {
    const team = await createWorkspaceWithTeam("Roles");
    const outsider = await createWorkspaceWithTeam("Outsider");
    await expect(callerFor(team.members.VIEWER.userId, team.workspaceId).knowledge.testBot({ question: "Hello?" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(outsider.members.ADMIN.userId, team.workspaceId).knowledge.testBot({ question: "Hello?" })).rejects.toMatchObject({ code: expect.stringMatching(/FORBIDDEN|NOT_FOUND/) });
  });

  it("refuses an empty or too long question with a clear message, storing nothing", async () => {
    const team = await createWorkspaceWithTeam("Bad input");
    const agent = callerFor(team.members.AGENT.userId, team.workspaceId);
    const before = await rowCounts(team.workspaceId);
    await expect(agent.knowledge.testBot({ question: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Type a question/) });
    await expect(agent.knowledge.testBot({ question: "x".repeat(1_001) })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/1,000 characters/) });
    expect(await rowCounts(team.workspaceId)).toEqual(before);
  });

  it("anonymises the question before any model sees it, and counts a paid model's cost without an agent run", async () => {
    const fake = await startFakeOpenAI();
    const seen: string[] = [];
    let articleId = "";
    fake.setResponder((request) => {
      const body = JSON.stringify(request.body);
      seen.push(body);
      if (body.includes("You write replies on behalf of")) return replyJson({ reply: "We ship to Canada in 5 to 7 business days.", usedArticleIds: [articleId], confident: true }, { usage: { input: 100, output: 20 } });
      return { type: "error", status: 500, message: "down" };
    });
    const saved = { ...process.env };
    Object.assign(process.env, { OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: fake.baseURL, REPLY_MODELS: "openai:gpt-4o-mini,local", LLM_TIMEOUT_MS: "2000" });
    resetEnvCache();
    resetAgentRuntime();
    try {
      const team = await createWorkspaceWithTeam("Paid model");
      const agent = callerFor(team.members.AGENT.userId, team.workspaceId);
      articleId = (await callerFor(team.members.ADMIN.userId, team.workspaceId).knowledge.create(SHIPPING)).id;
      const before = await rowCounts(team.workspaceId);
      const result = await agent.knowledge.testBot({ question: "I'm Jane, jane.doe@example.com: how long is shipping to Canada?" });
      expect(result.answer).toMatch(/5 to 7 business days/);
      expect(seen.join("\n")).not.toMatch(/jane\.doe@example\.com/);
      expect(await rowCounts(team.workspaceId)).toEqual(before);
      const usage = await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.usageRecord.findMany({ where: { provider: "openai" } }));
      expect(usage.reduce((n, u) => n + u.calls, 0)).toBeGreaterThanOrEqual(1);

      // The model failing: the local model answers instead, still from the article, still storing nothing.
      fake.setResponder(() => ({ type: "error", status: 500, message: "down" }));
      const fallback = await agent.knowledge.testBot({ question: "What does shipping to Canada cost?" });
      expect(fallback.usedArticles.map((a) => a.id)).toEqual([articleId]);
      expect(fallback.flags).toContain("local-model");
      expect(await rowCounts(team.workspaceId)).toEqual(before);
    } finally {
      process.env = saved;
      resetEnvCache();
      resetAgentRuntime();
      await fake.close();
    }
  });
});

afterAll(() => {
  resetAgentRuntime();
});
