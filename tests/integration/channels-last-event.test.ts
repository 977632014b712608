import { describe, expect, it } from "vitest";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { newId } from "@/server/infra/db/new-id";
import { withTenant } from "@/server/infra/db/tenant";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

/** Settings -> Channels shows when each channel last brought in a customer's message (issue 13). */
describe("channels.list lastEventAt", () => {
  it("is the latest inbound message time over the channel's conversations, null before any, and never another workspace's", async () => {
    const team = await createWorkspaceWithTeam("Last event");
    const other = await createWorkspaceWithTeam("Last event other");
    const viewer = callerFor(team.members.VIEWER.userId, team.workspaceId);
    const [demoBefore] = (await viewer.channels.list()).filter((c) => c.platform === "DEMO");
    expect(demoBefore).toMatchObject({ lastEventAt: null });

    const latest = new Date(Date.UTC(2026, 10, 20, 9, 30));
    for (const [ws, times] of [[team.workspaceId, [new Date(Date.UTC(2026, 10, 1)), latest, null]], [other.workspaceId, [new Date(Date.UTC(2026, 10, 29))]]] as const) {
      await withTenant({ workspaceId: ws }, async (tx) => {
        const demo = await tx.channel.findFirstOrThrow({ where: { workspaceId: ws, platform: "DEMO" } });
        for (const at of times) {
          const contactId = newId();
          await tx.contact.create({ data: { id: contactId, workspaceId: ws, channelId: demo.id, platformUserHash: `u-${contactId}`, platformUserIdEnc: encrypt("u") } });
          await tx.conversation.create({ data: { workspaceId: ws, channelId: demo.id, contactId, kind: "DM", externalThreadId: `t-${contactId}`, lastInboundAt: at } });
        }
      });
    }
    const [demo] = (await viewer.channels.list()).filter((c) => c.platform === "DEMO");
    expect(demo?.lastEventAt).toEqual(latest);
  });
});
