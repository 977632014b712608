import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

/** "View on <platform>": built from the ids each connector stores, for members who see the conversation. */
let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let other: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let seq = 0;

async function thread(platform: "X" | "FACEBOOK" | "DEMO", kind: "DM" | "COMMENT" | "MENTION", threadId: string, messageIds: string[], opts: { deletedIndex?: number } = {}) {
  const workspaceId = team.workspaceId;
  return withTenant({ workspaceId }, async (tx) => {
    const channel = platform === "DEMO"
      ? await tx.channel.findFirstOrThrow({ where: { platform: "DEMO", workspaceId } })
      : await tx.channel.create({ data: { workspaceId, platform, externalId: `${platform}-${Date.now()}-${seq++}`, name: `${platform} account` } });
    const key = `pl-${Date.now()}-${seq++}`;
    const contact = await tx.contact.create({ data: { workspaceId, channelId: channel.id, platformUserHash: key, platformUserIdEnc: encrypt(key) } });
    const c = await tx.conversation.create({ data: { workspaceId, channelId: channel.id, contactId: contact.id, kind, externalThreadId: threadId } });
    const ids: string[] = [];
    for (const [i, platformMessageId] of messageIds.entries()) {
      const m = await tx.message.create({
        data: { workspaceId, channelId: channel.id, conversationId: c.id, direction: "INBOUND", platformMessageId, textEnc: i === opts.deletedIndex ? null : encrypt("hi"), sentAt: new Date(Date.now() + i), deletedAt: i === opts.deletedIndex ? new Date() : null },
      });
      ids.push(m.id);
    }
    return { conversationId: c.id, messageIds: ids };
  });
}

beforeAll(async () => {
  team = await createWorkspaceWithTeam("Links");
  other = await createWorkspaceWithTeam("Elsewhere");
});
afterAll(async () => {
  await stopQueue();
});

describe("platform links", () => {
  it("links an X mention thread and each of its posts (a deleted one not), for every role", async () => {
    const t = await thread("X", "MENTION", "1860000000000000000", ["1860000000000000001", "1860000000000000002", "1860000000000000003"], { deletedIndex: 2 });
    for (const role of ["ADMIN", "AGENT", "VIEWER"] as const) {
      const links = await callerFor(team.members[role].userId, team.workspaceId).platformLinks.forConversation({ conversationId: t.conversationId });
      expect(links).toEqual({
        platform: "X",
        thread: "https://x.com/i/web/status/1860000000000000000",
        messages: { [t.messageIds[0]!]: "https://x.com/i/web/status/1860000000000000001", [t.messageIds[1]!]: "https://x.com/i/web/status/1860000000000000002" },
      });
    }
  });

  it("has no link for X DMs, Facebook comments (no stored permalink) or the Demo channel", async () => {
    const admin = callerFor(team.members.ADMIN.userId, team.workspaceId);
    for (const t of [
      await thread("X", "DM", "1234-5678", ["1860000000000000009"]),
      await thread("FACEBOOK", "COMMENT", "111_222", ["222_333"]),
      await thread("DEMO", "DM", "demo-thread", ["m-demo"]),
    ]) {
      const links = await admin.platformLinks.forConversation({ conversationId: t.conversationId });
      expect({ thread: links.thread, messages: links.messages }).toEqual({ thread: null, messages: {} });
    }
  });

  it("answers not found to another workspace and to bad input", async () => {
    const t = await thread("X", "MENTION", "1860000000000000100", ["1860000000000000101"]);
    const outcome = (p: Promise<unknown>) => p.then(() => "ok", (e: unknown) => (e instanceof TRPCError ? e.code : "other"));
    expect(await outcome(callerFor(other.members.ADMIN.userId, other.workspaceId).platformLinks.forConversation({ conversationId: t.conversationId }))).toBe("NOT_FOUND");
    expect(await outcome(callerFor(other.members.ADMIN.userId, team.workspaceId).platformLinks.forConversation({ conversationId: t.conversationId }))).toBe("NOT_FOUND");
    expect(await outcome(callerFor(team.members.ADMIN.userId, team.workspaceId).platformLinks.forConversation({ conversationId: "" }))).toBe("BAD_REQUEST");
    expect(await outcome(callerFor(null, team.workspaceId).platformLinks.forConversation({ conversationId: t.conversationId }))).toBe("UNAUTHORIZED");
  });
});
