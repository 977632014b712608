import { describe, expect, it } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { applyRetention } from "@/server/privacy/apply-retention";
import { callerFor } from "../helpers/factories";
import { createPipelineWorkspace } from "../helpers/pipeline";
import { encrypt } from "@/server/infra/crypto/field-crypto";

describe("retention job", () => {
  it("removes raw text older than the workspace's retention, keeps derived lead data, and is idempotent", async () => {
    const ws = await createPipelineWorkspace();
    const ids = await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
      await tx.workspace.update({ where: { id: ws.workspaceId }, data: { retentionDays: 30 } });
      const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
      const contact = await tx.contact.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, platformUserHash: "ret", platformUserIdEnc: encrypt("ret") } });
      await tx.lead.create({ data: { workspaceId: ws.workspaceId, contactId: contact.id, tier: "HOT", score: 88, reason: "Asked for pricing", tags: ["pricing"] } });
      const conversation = await tx.conversation.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: "ret" } });
      const make = (id: string, daysAgo: number) =>
        tx.message.create({
          data: {
            workspaceId: ws.workspaceId, channelId: channel.id, conversationId: conversation.id, direction: "INBOUND", platformMessageId: id,
            textEnc: encrypt("old text"), sentAt: new Date(), receivedAt: new Date(Date.now() - daysAgo * 86_400_000), intent: "SALES", status: "PROCESSED",
          },
        });
      return { old: (await make("old", 31)).id, fresh: (await make("fresh", 29)).id };
    });
    const first = await applyRetention();
    expect(first.redacted).toBeGreaterThanOrEqual(1);
    const state = await withTenant({ workspaceId: ws.workspaceId }, async (tx) => ({
      old: await tx.message.findUniqueOrThrow({ where: { id: ids.old } }),
      fresh: await tx.message.findUniqueOrThrow({ where: { id: ids.fresh } }),
      lead: await tx.lead.findFirstOrThrow({ where: { score: 88 } }),
    }));
    expect(state.old).toMatchObject({ textEnc: null, intent: "SALES" });
    expect(state.old.redactedAt).not.toBeNull();
    expect(state.fresh.textEnc).not.toBeNull();
    expect(state.lead).toMatchObject({ tier: "HOT", reason: "Asked for pricing" });
    const again = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count({ where: { textEnc: null } }));
    await applyRetention();
    expect(await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.count({ where: { textEnc: null } }))).toBe(again);
    const audit = await callerFor(ws.members.ADMIN.userId, ws.workspaceId).audit.list();
    expect(audit.map((a) => a.action)).toContain("retention.redact");
    // The inbox shows a redacted message as such rather than failing.
    const inbox = await callerFor(ws.members.ADMIN.userId, ws.workspaceId).inbox.list();
    expect(inbox.length).toBeGreaterThan(0);
  });
});

describe("retention of abandoned connect flows", () => {
  it("deletes connect flows a day after they expired, with the tokens they held, and keeps recent ones", async () => {
    const ws = await createPipelineWorkspace();
    const flow = (id: string, expiredHoursAgo: number) => ({
      id: `${id}-${ws.workspaceId}`, workspaceId: ws.workspaceId, userId: ws.members.ADMIN.userId, provider: "x", stateHash: `${id}-${ws.workspaceId}`,
      redirectUri: "http://localhost/api/oauth/x/callback", accountsEnc: encrypt("[]"), expiresAt: new Date(Date.now() - expiredHoursAgo * 3_600_000),
    });
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.oAuthState.createMany({ data: [flow("stale", 30), flow("recent", 2), flow("open", -0.1)] }));
    await applyRetention();
    const left = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.oAuthState.findMany({ select: { id: true } }));
    expect(left.map((f) => f.id.split("-")[0]).sort()).toEqual(["open", "recent"]);
  });
});

describe("inbox visibility", () => {
  it("shows agents their own and unassigned conversations only; admins and viewers see all", async () => {
    const ws = await createPipelineWorkspace();
    const other = await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
      const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
      const mk = async (key: string, assigneeId: string | null) => {
        const contact = await tx.contact.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, platformUserHash: key, platformUserIdEnc: encrypt(key) } });
        return tx.conversation.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: key, assigneeId } });
      };
      await mk("unassigned", null);
      await mk("mine", ws.members.AGENT.userId);
      return mk("theirs", ws.members.ADMIN.userId);
    });
    const asAgent = callerFor(ws.members.AGENT.userId, ws.workspaceId);
    expect((await asAgent.inbox.list()).length).toBe(2);
    await expect(asAgent.inbox.get({ conversationId: other.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(asAgent.inbox.setPaused({ conversationId: other.id, paused: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await callerFor(ws.members.VIEWER.userId, ws.workspaceId).inbox.list()).length).toBe(3);
    expect((await callerFor(ws.members.ADMIN.userId, ws.workspaceId).inbox.list()).length).toBe(3);
  });
});
