import { afterAll, describe, expect, it } from "vitest";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { retrainScorer } from "@/server/leads/retrain-scorer";
import { stopQueue } from "@/server/infra/runtime/queue";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";
import { demoBody, postDemo, waitFor } from "../helpers/pipeline";

afterAll(async () => {
  await stopQueue();
});

describe("empty knowledge base", () => {
  it("gives a hand-off draft, never an invented answer", async () => {
    const team = await createWorkspaceWithTeam("No KB");
    const secret = "kb-less-secret";
    const externalId = `demo-${team.workspaceId}`;
    await withTenant({ workspaceId: team.workspaceId }, async (tx) => {
      await tx.workspace.update({ where: { id: team.workspaceId }, data: { autoReplyEnabled: true, autoReplyThreshold: 0.5 } });
      await tx.channel.update({ where: { platform_externalId: { platform: "DEMO", externalId } }, data: { secretEnc: encrypt(secret) } });
    });
    const body = demoBody(externalId, "How much is the premium plan and is there a discount this week?");
    await postDemo({ externalId, secret }, body);
    const id = (JSON.parse(body) as { messageId: string }).messageId;
    const reply = await waitFor(
      () => withTenant({ workspaceId: team.workspaceId }, (tx) => tx.reply.findFirst({ where: { conversation: { messages: { some: { platformMessageId: id } } } } })),
      20_000,
      "reply",
    );
    expect(reply).toMatchObject({ status: "DRAFT", handoff: true });
    const { decrypt } = await import("@/server/infra/crypto/field-crypto");
    expect(decrypt(reply.textEnc)).not.toMatch(/\$|\d+%|discount/i);
  });
});

describe("scorer retraining from won/lost marks", () => {
  it("refuses with too few outcomes, then trains on the workspace's own leads", async () => {
    const team = await createWorkspaceWithTeam("Outcomes");
    const ws = team.workspaceId;
    const admin = callerFor(team.members.ADMIN.userId, ws);
    // The mutation queues the background job; the job's work is retrainScorer.
    expect(await admin.leads.retrainScorer()).toEqual({ queued: true });
    expect(await retrainScorer(ws, team.members.ADMIN.userId)).toMatchObject({ trained: false });
    expect(await admin.leads.scorerStatus()).toMatchObject({ model: null, lastSkipped: { reason: expect.stringMatching(/need at least/) } });

    await withTenant({ workspaceId: ws }, async (tx) => {
      const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
      for (let i = 0; i < 40; i++) {
        const won = i % 2 === 0;
        const contact = await tx.contact.create({ data: { workspaceId: ws, channelId: channel.id, platformUserHash: `o${i}`, platformUserIdEnc: encrypt(`o${i}`), followers: won ? 5000 + i : 10 } });
        await tx.lead.create({ data: { workspaceId: ws, contactId: contact.id, status: won ? "WON" : "LOST" } });
        const conversation = await tx.conversation.create({ data: { workspaceId: ws, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: `o${i}` } });
        await tx.message.create({
          data: {
            workspaceId: ws, channelId: channel.id, conversationId: conversation.id, direction: "INBOUND", platformMessageId: `o${i}`, status: "PROCESSED",
            textEnc: encrypt(won ? "How much for 3 bags? I want to order today, urgent" : "nice pic lol"), intent: won ? "SALES" : "OTHER", intentConfidence: 0.9, sentAt: new Date(),
          },
        });
      }
    });
    const result = await retrainScorer(ws, team.members.ADMIN.userId);
    expect(result).toMatchObject({ trained: true, examples: 40 });
    expect(await admin.leads.scorerStatus()).toMatchObject({ model: { examples: 40 }, lastSkipped: null });
    const stored = await withTenant({ workspaceId: ws }, (tx) => tx.scorerModel.findUniqueOrThrow({ where: { workspaceId: ws } }));
    expect(stored.examples).toBe(40);
    expect((await admin.audit.list()).map((a) => a.action)).toContain("scorer.retrain");
  });
});
