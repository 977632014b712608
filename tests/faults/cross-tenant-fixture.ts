import { randomBytes } from "node:crypto";
import { blindIndex, encrypt } from "@/server/infra/crypto/field-crypto";
import { db } from "@/server/infra/db/client";
import { withTenant } from "@/server/infra/db/tenant";
import { createWorkspaceWithTeam, uniqueEmail } from "../helpers/factories";

/**
 * Workspace B with one row of everything an id can name, each carrying a marker string that
 * exists nowhere else, so any answer that leaks B's data can be recognised.
 */
export async function createVictimWorkspace() {
  const team = await createWorkspaceWithTeam("Victim B");
  const { workspaceId } = team;
  const marker = `B-ONLY-${randomBytes(6).toString("hex")}`;
  const email = uniqueEmail("b-extra");
  const extraUser = await db().user.create({ data: { emailHash: blindIndex(email), emailEnc: encrypt(email) } });
  const ids = await withTenant({ workspaceId }, async (tx) => {
    const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
    const page = await tx.channel.create({ data: { workspaceId, platform: "FACEBOOK", externalId: `b-page-${marker}`, name: `${marker} page`, accessTokenEnc: encrypt("b-token") } });
    const article = await tx.knowledgeArticle.create({ data: { workspaceId, title: `${marker} article`, body: `${marker} body` } });
    const membership = await tx.membership.create({ data: { workspaceId, userId: extraUser.id, role: "VIEWER" } });
    const invitation = await tx.invitation.create({
      data: { workspaceId, emailHash: blindIndex(email), emailEnc: encrypt(email), role: "VIEWER", tokenHash: `t-${marker}`, invitedById: team.members.ADMIN.userId, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const contact = await tx.contact.create({ data: { workspaceId, channelId: channel.id, platformUserHash: `u-${marker}`, platformUserIdEnc: encrypt("u"), displayNameEnc: encrypt(`${marker} contact`) } });
    const lead = await tx.lead.create({ data: { workspaceId, contactId: contact.id } });
    const conversation = await tx.conversation.create({ data: { workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: `t-${marker}` } });
    const message = await tx.message.create({ data: { workspaceId, channelId: channel.id, conversationId: conversation.id, direction: "INBOUND", platformMessageId: `m-${marker}`, textEnc: encrypt(`${marker} message`), sentAt: new Date() } });
    const reply = await tx.reply.create({ data: { workspaceId, conversationId: conversation.id, inReplyToId: message.id, source: "AI", status: "DRAFT", textEnc: encrypt(`${marker} reply`) } });
    const crm = await tx.crmConnection.create({ data: { workspaceId, provider: "WEBHOOK", label: `${marker} crm`, credentialsEnc: encrypt("b-webhook-secret"), metadata: { url: "https://b.example.test/hook" } } });
    const link = await tx.crmLeadLink.create({ data: { workspaceId, leadId: lead.id, connectionId: crm.id, state: "FAILED", lastError: `${marker} error` } });
    const run = await tx.crmSyncRun.create({ data: { workspaceId, connectionId: crm.id, status: "FAILED", error: `${marker} run` } });
    const flow = await tx.oAuthState.create({
      data: { id: `flow_${marker}`, workspaceId, userId: team.members.ADMIN.userId, provider: "meta", stateHash: `s-${marker}`, redirectUri: "http://b.example.test/cb", accountsEnc: encrypt(JSON.stringify([{ externalId: "1", name: marker }])), expiresAt: new Date(Date.now() + 600_000), exchangedAt: new Date() },
    });
    const savedReply = await tx.savedReply.create({ data: { workspaceId, title: `${marker} saved`, body: `${marker} saved body` } });
    const note = await tx.conversationNote.create({ data: { workspaceId, conversationId: conversation.id, authorId: team.members.AGENT.userId, textEnc: encrypt(`${marker} note`) } });
    const notification = await tx.notification.create({ data: { workspaceId, userId: team.members.ADMIN.userId, kind: "HOT_LEAD", dedupKey: `n-${marker}`, leadId: lead.id, conversationId: conversation.id } });
    return {
      savedReplyId: savedReply.id, noteId: note.id, notificationId: notification.id,
      workspaceId, channelId: channel.id, pageChannelId: page.id, articleId: article.id, membershipId: membership.id, invitationId: invitation.id,
      contactId: contact.id, leadId: lead.id, conversationId: conversation.id, messageId: message.id, replyId: reply.id,
      connectionId: crm.id, linkId: link.id, runId: run.id, flowId: flow.id, userId: extraUser.id,
    };
  });
  return { team, marker, ids };
}

export type Victim = Awaited<ReturnType<typeof createVictimWorkspace>>;
