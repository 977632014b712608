import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationKind, Platform } from "@/generated/prisma/client";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { AppError } from "@/server/infra/errors/app-error";
import { OutboxWriter } from "@/server/infra/outbox/outbox-entry";
import { approveDraft, sendHumanReply } from "@/server/inbox/reply-actions";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

/**
 * A person's reply (written, edited or approved) is held to the conversation's platform and
 * surface: the shared length table, X's 2026 reply rule, and the messaging window with the
 * longer one Meta keeps open for a person (HUMAN_AGENT, 7 days). The service is called with an
 * outbox that is never relayed, so no send job runs against a platform.
 */
type Team = Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let team: Team;
let actor: { workspaceId: string; userId: string; role: "ADMIN" };
const HOUR = 3_600_000;

async function conversation(platform: Platform, kind: ConversationKind, hoursSinceInbound: number, draftText?: string) {
  const key = `${platform}-${kind}-${Math.random().toString(36).slice(2, 10)}`;
  return withTenant({ workspaceId: team.workspaceId }, async (tx) => {
    const channel = await tx.channel.upsert({
      where: { platform_externalId: { platform, externalId: `rules-${platform}-${team.workspaceId}` } },
      update: {},
      create: { workspaceId: team.workspaceId, platform, externalId: `rules-${platform}-${team.workspaceId}`, name: platform },
    });
    const contact = await tx.contact.create({ data: { workspaceId: team.workspaceId, channelId: channel.id, platformUserHash: key, platformUserIdEnc: encrypt(key) } });
    const lastInboundAt = new Date(Date.now() - hoursSinceInbound * HOUR);
    const c = await tx.conversation.create({ data: { workspaceId: team.workspaceId, channelId: channel.id, contactId: contact.id, kind, externalThreadId: key, lastInboundAt } });
    const message = await tx.message.create({
      data: { workspaceId: team.workspaceId, channelId: channel.id, conversationId: c.id, direction: "INBOUND", platformMessageId: key, textEnc: encrypt("Do you ship?"), status: "PROCESSED", sentAt: lastInboundAt },
    });
    const draft = draftText ? await tx.reply.create({ data: { workspaceId: team.workspaceId, conversationId: c.id, inReplyToId: message.id, source: "AI", status: "DRAFT", textEnc: encrypt(draftText) } }) : null;
    return { conversationId: c.id, replyId: draft?.id ?? "" };
  });
}

const reply = (conversationId: string, text: string) => withTenant({ workspaceId: team.workspaceId }, (tx) => sendHumanReply(tx, new OutboxWriter(), actor, { conversationId, text }));
const approve = (replyId: string, text?: string) => withTenant({ workspaceId: team.workspaceId }, (tx) => approveDraft(tx, new OutboxWriter(), actor, { replyId, ...(text === undefined ? {} : { text }) }));

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("BAD_REQUEST");
  return error as AppError;
}

beforeAll(async () => {
  team = await createWorkspaceWithTeam("Reply rules");
  actor = { workspaceId: team.workspaceId, userId: team.members.ADMIN.userId, role: "ADMIN" };
});

describe("a person's reply obeys the platform", () => {
  it("refuses an X reply over 280 weighted characters, naming the limit, and takes one within it", async () => {
    const { conversationId } = await conversation("X", "MENTION", 1);
    const error = await refusal(reply(conversationId, "a".repeat(281)));
    expect(error.message).toMatch(/^X replies are limited to 280 characters \(URLs count 23/);
    expect(error.message).toMatch(/this reply is 281 characters/);
    await refusal(reply(conversationId, "日本".repeat(71)));
    await expect(reply(conversationId, `${"b".repeat(256)} https://leadline.dev/${"p".repeat(100)}`)).resolves.toMatchObject({ replyId: expect.any(String) });
  });

  it("refuses a reply to an X post that did not mention the account (2026 rule)", async () => {
    const { conversationId } = await conversation("X", "COMMENT", 1);
    expect((await refusal(reply(conversationId, "Thanks!"))).message).toMatch(/mention or quote your account/);
  });

  it("counts Instagram DMs in bytes", async () => {
    const { conversationId } = await conversation("INSTAGRAM", "DM", 1);
    expect((await refusal(reply(conversationId, "é".repeat(500)))).message).toMatch(/Instagram messages are limited to 999 bytes.*this reply is 1,000 bytes/);
    await expect(reply(conversationId, "é".repeat(499))).resolves.toBeDefined();
  });

  it("lets a person answer a Messenger DM after 24 h within 7 days, and refuses it after", async () => {
    const inside = await conversation("FACEBOOK", "DM", 72);
    await expect(reply(inside.conversationId, "Sorry for the wait: yes, we ship.")).resolves.toBeDefined();
    const outside = await conversation("FACEBOOK", "DM", 24 * 7 + 1);
    expect((await refusal(reply(outside.conversationId, "Sorry for the wait."))).message).toMatch(/^The platform no longer allows a reply: Facebook accepts one up to 7 days/);
  });

  it("has no window on a public comment reply", async () => {
    const { conversationId } = await conversation("FACEBOOK", "COMMENT", 24 * 30);
    await expect(reply(conversationId, "Thanks for the comment!")).resolves.toBeDefined();
  });

  it("checks the text that goes out on approval, edited or not", async () => {
    const long = await conversation("X", "MENTION", 1, "c".repeat(300));
    expect((await refusal(approve(long.replyId))).message).toMatch(/X replies are limited to 280/);
    await refusal(approve(long.replyId, "d".repeat(281)));
    await expect(approve(long.replyId, "Yes, we ship worldwide.")).resolves.toMatchObject({ replyId: long.replyId });
    const stale = await conversation("INSTAGRAM", "DM", 24 * 8, "Yes, we ship.");
    expect((await refusal(approve(stale.replyId))).message).toMatch(/no longer allows a reply/);
  });

  it("gives the 7-day human window only to text a person wrote: an AI draft approved as it stands keeps the 24 h window", async () => {
    const unedited = await conversation("FACEBOOK", "DM", 30, "Yes, the Trail 29 is in stock.");
    expect((await refusal(approve(unedited.replyId))).message).toMatch(/Facebook accepts one up to 1 day/);
    await expect(approve(unedited.replyId, "Yes, the Trail 29 is in stock in size L.")).resolves.toMatchObject({ replyId: unedited.replyId });
  });

  it("reaches the client as BAD_REQUEST with the rule in words, nothing queued", async () => {
    const { conversationId } = await conversation("X", "MENTION", 1);
    const caller = callerFor(team.members.AGENT.userId, team.workspaceId);
    const error = await caller.inbox.reply({ conversationId, text: "e".repeat(300) }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(/X replies are limited to 280 characters/);
    const queued = await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.reply.count({ where: { workspaceId: team.workspaceId, conversationId } }));
    expect(queued).toBe(0);
  });
});
