import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopQueue } from "@/server/infra/runtime/queue";
import { appRouter } from "@/server/api/root";
import { legacyAutomationRules } from "@/shared/automation/automation-rules";
import { blindIndex, encrypt } from "@/server/infra/crypto/field-crypto";
import { db } from "@/server/infra/db/client";
import { withTenant } from "@/server/infra/db/tenant";
import { callerFor, createUser, createWorkspaceWithTeam, uniqueEmail } from "../helpers/factories";

/**
 * Every tRPC procedure, run as each role of the workspace, as a member of another workspace
 * and signed out. A procedure added without a row here fails the coverage check.
 */
type Who = "ADMIN" | "AGENT" | "VIEWER" | "OUTSIDER" | "ANON";
type Expect = "ok" | "FORBIDDEN" | "NOT_FOUND" | "UNAUTHORIZED";
type Fixture = { workspaceId: string; articleId: string; membershipId: string; invitationId: string; conversationId: string; replyId: string; leadId: string };
type Row = {
  access: "public" | "authed" | "viewer" | "agent" | "admin";
  call: (caller: ReturnType<typeof callerFor>, f: Fixture) => Promise<unknown>;
};

const lastWeek = () => ({ from: new Date(Date.now() - 7 * 86_400_000), to: new Date() });

const ROWS: Record<string, Row> = {
  "account.signUp": { access: "public", call: (c) => c.account.signUp({ name: "New", email: uniqueEmail("new"), password: "correct-horse-9" }) },
  "account.resendConfirmation": { access: "public", call: (c) => c.account.resendConfirmation({ email: uniqueEmail("resend") }) },
  "account.confirmEmail": { access: "public", call: (c) => c.account.confirmEmail({ token: "A".repeat(43), password: "correct-horse-9" }) },
  "account.me": { access: "authed", call: (c) => c.account.me() },
  // Single sign-on is not configured here: refused after the sign-in check, never linking anything.
  "account.startSsoLink": { access: "authed", call: (c) => c.account.startSsoLink() },
  // A wrong current password: refused after the sign-in check, changing nothing.
  "sessions.changePassword": { access: "authed", call: (c) => c.sessions.changePassword({ currentPassword: "not-the-password-1", newPassword: "another-horse-7" }) },
  "sessions.signOutEverywhere": { access: "authed", call: (c) => c.sessions.signOutEverywhere() },
  "workspace.mine": { access: "authed", call: (c) => c.workspace.mine() },
  "workspace.create": { access: "authed", call: (c) => c.workspace.create({ name: "Another" }) },
  "workspace.switch": { access: "viewer", call: (c, f) => c.workspace.switch({ workspaceId: f.workspaceId }) },
  "workspace.current": { access: "viewer", call: (c) => c.workspace.current() },
  "workspace.updateSettings": { access: "admin", call: (c) => c.workspace.updateSettings({ toneGuidelines: "Formal." }) },
  "workspace.automation": { access: "viewer", call: (c) => c.workspace.automation() },
  "workspace.updateAutomation": { access: "admin", call: (c) => c.workspace.updateAutomation(legacyAutomationRules(0.8)) },
  "workspace.previewTone": { access: "admin", call: (c) => c.workspace.previewTone({ toneGuidelines: "Formal.", message: "How long does shipping take?" }) },
  "members.list": { access: "viewer", call: (c) => c.members.list() },
  "members.changeRole": { access: "admin", call: (c, f) => c.members.changeRole({ membershipId: f.membershipId, role: "AGENT" }) },
  "members.remove": { access: "admin", call: (c, f) => c.members.remove({ membershipId: f.membershipId }) },
  "invitations.list": { access: "admin", call: (c) => c.invitations.list() },
  "invitations.create": { access: "admin", call: (c) => c.invitations.create({ email: uniqueEmail("inv"), role: "VIEWER" }) },
  "invitations.revoke": { access: "admin", call: (c, f) => c.invitations.revoke({ invitationId: f.invitationId }) },
  "invitations.accept": { access: "authed", call: (c) => c.invitations.accept({ token: "ws_nope.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }) },
  "knowledge.list": { access: "viewer", call: (c) => c.knowledge.list() },
  "knowledge.create": { access: "admin", call: (c) => c.knowledge.create({ title: "T", body: "B", tags: [] }) },
  "knowledge.update": { access: "admin", call: (c, f) => c.knowledge.update({ id: f.articleId, article: { title: "T2", body: "B2", tags: [] } }) },
  "knowledge.delete": { access: "admin", call: (c, f) => c.knowledge.delete({ id: f.articleId }) },
  "knowledge.testBot": { access: "agent", call: (c) => c.knowledge.testBot({ question: "How long does shipping take?" }) },
  "knowledge.importPreview": { access: "admin", call: (c) => c.knowledge.importPreview({ fileName: "kb.md", contentBase64: Buffer.from("# Hours\nNine to five.").toString("base64") }) },
  "knowledge.import": { access: "admin", call: (c) => c.knowledge.import({ fileName: "kb.md", contentBase64: Buffer.from("# Imported hours\nNine to five.").toString("base64"), duplicates: "skip" }) },
  "audit.list": { access: "admin", call: (c) => c.audit.list() },
  "audit.actions": { access: "admin", call: (c) => c.audit.actions() },
  "inbox.list": { access: "viewer", call: (c) => c.inbox.list() },
  "inbox.get": { access: "viewer", call: (c, f) => c.inbox.get({ conversationId: f.conversationId }) },
  "inbox.approve": { access: "agent", call: (c, f) => c.inbox.approve({ replyId: f.replyId }) },
  "inbox.reply": { access: "agent", call: (c, f) => c.inbox.reply({ conversationId: f.conversationId, text: "Thanks!" }) },
  "inbox.discard": { access: "agent", call: (c, f) => c.inbox.discard({ replyId: f.replyId }) },
  "inbox.resolveUnknown": { access: "agent", call: (c, f) => c.inbox.resolveUnknown({ replyId: f.replyId, outcome: "sent" }) },
  "inbox.setPaused": { access: "agent", call: (c, f) => c.inbox.setPaused({ conversationId: f.conversationId, paused: true }) },
  // Inbox workflow (status, assignment, read markers, spam folder, auto-assignment).
  "inbox.setStatus": { access: "agent", call: (c, f) => c.inbox.setStatus({ conversationId: f.conversationId, change: { status: "CLOSED" } }) },
  "inbox.assign": { access: "agent", call: (c, f) => c.inbox.assign({ conversationId: f.conversationId, assigneeId: null }) },
  "inbox.assignees": { access: "viewer", call: (c) => c.inbox.assignees() },
  "inbox.markRead": { access: "viewer", call: (c, f) => c.inbox.markRead({ conversationId: f.conversationId }) },
  // The fixture's message is not spam: refused after the role check (CONFLICT), changing nothing.
  "inbox.notSpam": { access: "agent", call: (c, f) => c.inbox.notSpam({ conversationId: f.conversationId, intent: "SALES" }) },
  "inbox.settings": { access: "viewer", call: (c) => c.inbox.settings() },
  "inbox.setAutoAssign": { access: "admin", call: (c) => c.inbox.setAutoAssign({ enabled: false }) },
  "leads.list": { access: "viewer", call: (c) => c.leads.list() },
  "leads.get": { access: "viewer", call: (c, f) => c.leads.get({ leadId: f.leadId }) },
  "leads.setStatus": { access: "agent", call: (c, f) => c.leads.setStatus({ leadId: f.leadId, status: "WON" }) },
  "leads.retrainScorer": { access: "admin", call: (c) => c.leads.retrainScorer() },
  "leads.scorerStatus": { access: "viewer", call: (c) => c.leads.scorerStatus() },
  "notes.list": { access: "viewer", call: (c, f) => c.notes.list({ conversationId: f.conversationId }) },
  "notes.add": { access: "agent", call: (c, f) => c.notes.add({ conversationId: f.conversationId, text: "Matrix note." }) },
  "notes.delete": { access: "agent", call: (c) => c.notes.delete({ noteId: "missing-note" }) },
  "savedReplies.list": { access: "viewer", call: (c) => c.savedReplies.list() },
  "savedReplies.create": { access: "admin", call: (c) => c.savedReplies.create({ title: "Matrix", body: "Text." }) },
  "savedReplies.update": { access: "admin", call: (c) => c.savedReplies.update({ id: "missing", reply: { title: "T", body: "B" } }) },
  "savedReplies.delete": { access: "admin", call: (c) => c.savedReplies.delete({ id: "missing" }) },
  "platformLinks.forConversation": { access: "viewer", call: (c, f) => c.platformLinks.forConversation({ conversationId: f.conversationId }) },
  "notifications.list": { access: "viewer", call: (c) => c.notifications.list() },
  "notifications.markRead": { access: "viewer", call: (c) => c.notifications.markRead({ ids: ["notification_missing"] }) },
  "notifications.markAllRead": { access: "viewer", call: (c) => c.notifications.markAllRead() },
  "notifications.preferences": { access: "viewer", call: (c) => c.notifications.preferences() },
  "notifications.setPreferences": { access: "viewer", call: (c) => c.notifications.setPreferences({ mutedKinds: [], browser: false, emailDigest: false }) },
  "demo.channel": { access: "viewer", call: (c) => c.demo.channel() },
  "demo.send": { access: "agent", call: (c) => c.demo.send({ name: "Sam", handle: "sam", followers: 10, verified: false, text: "hi" }) },
  "demo.clear": { access: "admin", call: (c) => c.demo.clear({ confirm: true }) },
  "channels.list": { access: "viewer", call: (c) => c.channels.list() },
  "channels.providers": { access: "viewer", call: (c) => c.channels.providers() },
  "channels.pending": { access: "admin", call: (c) => c.channels.pending({ flowId: "flow_missing" }) },
  "channels.connect": { access: "admin", call: (c) => c.channels.connect({ flowId: "flow_missing", externalIds: ["1"] }) },
  "channels.disconnect": { access: "admin", call: (c) => c.channels.disconnect({ channelId: "channel_missing" }) },
  "channels.setAutoReply": { access: "admin", call: (c) => c.channels.setAutoReply({ channelId: "channel_missing", enabled: false }) },
  "crm.list": { access: "viewer", call: (c) => c.crm.list() },
  "crm.providers": { access: "viewer", call: (c) => c.crm.providers() },
  "crm.runs": { access: "viewer", call: (c) => c.crm.runs({ connectionId: "crm_missing" }) },
  "crm.failedLeads": { access: "viewer", call: (c) => c.crm.failedLeads({ connectionId: "crm_missing" }) },
  "crm.fields": { access: "admin", call: (c) => c.crm.fields({ connectionId: "crm_missing" }) },
  // Inputs that fail after the role check, so no CRM is ever called from here.
  "crm.connectApiToken": { access: "admin", call: (c) => c.crm.connectApiToken({ provider: "PIPEDRIVE", token: "" }) },
  "crm.connectWebhook": { access: "admin", call: (c) => c.crm.connectWebhook({ url: "not a url" }) },
  "crm.test": { access: "admin", call: (c) => c.crm.test({ connectionId: "crm_missing" }) },
  "crm.updateMapping": { access: "admin", call: (c) => c.crm.updateMapping({ connectionId: "crm_missing", mapping: { name: "firstname" } }) },
  "crm.updateSettings": { access: "admin", call: (c) => c.crm.updateSettings({ connectionId: "crm_missing", syncMinutes: 30 }) },
  "crm.syncNow": { access: "admin", call: (c) => c.crm.syncNow({ connectionId: "crm_missing" }) },
  "crm.retryLead": { access: "admin", call: (c) => c.crm.retryLead({ linkId: "link_missing" }) },
  "crm.disconnect": { access: "admin", call: (c) => c.crm.disconnect({ connectionId: "crm_missing" }) },
  "analytics.volume": { access: "viewer", call: (c) => c.analytics.volume(lastWeek()) },
  "analytics.firstResponse": { access: "viewer", call: (c) => c.analytics.firstResponse(lastWeek()) },
  "analytics.leads": { access: "viewer", call: (c) => c.analytics.leads(lastWeek()) },
  "analytics.replyOutcomes": { access: "viewer", call: (c) => c.analytics.replyOutcomes(lastWeek()) },
  "analytics.aiUsage": { access: "viewer", call: (c) => c.analytics.aiUsage(lastWeek()) },
  "analytics.crmHealth": { access: "viewer", call: (c) => c.analytics.crmHealth(lastWeek()) },
  "privacy.exportContact": { access: "admin", call: (c) => c.privacy.exportContact({ contactId: "contact_missing" }) },
  "privacy.eraseContact": { access: "admin", call: (c) => c.privacy.eraseContact({ contactId: "contact_missing" }) },
  "privacy.crmErasures": { access: "admin", call: (c) => c.privacy.crmErasures() },
  "privacy.resolveCrmErasure": { access: "admin", call: (c) => c.privacy.resolveCrmErasure({ requestId: "erasure_missing" }) },
};

const RANK = { VIEWER: 1, AGENT: 2, ADMIN: 3 } as const;

function expected(row: Row, who: Who): Expect {
  if (row.access === "public") return "ok";
  if (who === "ANON") return "UNAUTHORIZED";
  if (row.access === "authed") return "ok";
  if (who === "OUTSIDER") return "NOT_FOUND";
  const needed = row.access === "viewer" ? 1 : row.access === "agent" ? 2 : 3;
  return RANK[who] >= needed ? "ok" : "FORBIDDEN";
}

// Outcomes a call may legitimately have once access is granted (the fixture row may be gone).
const DOMAIN_OUTCOMES = new Set(["NOT_FOUND", "BAD_REQUEST", "CONFLICT"]);

let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let outsiderId: string;

async function freshFixture(): Promise<Fixture> {
  const { workspaceId } = team;
  const email = uniqueEmail("extra");
  const extra = { userId: (await db().user.create({ data: { emailHash: blindIndex(email), emailEnc: encrypt(email) } })).id };
  return withTenant({ workspaceId }, async (tx) => {
    const article = await tx.knowledgeArticle.create({ data: { workspaceId, title: "Fixture", body: "Body" } });
    const membership = await tx.membership.create({ data: { workspaceId, userId: extra.userId, role: "VIEWER" } });
    const invitation = await tx.invitation.create({
      data: { workspaceId, emailHash: blindIndex(email), emailEnc: encrypt(email), role: "VIEWER", tokenHash: `t-${article.id}`, invitedById: extra.userId, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
    const contact = await tx.contact.create({ data: { workspaceId, channelId: channel.id, platformUserHash: `u-${article.id}`, platformUserIdEnc: encrypt("u") } });
    const lead = await tx.lead.create({ data: { workspaceId, contactId: contact.id } });
    const conversation = await tx.conversation.create({ data: { workspaceId, channelId: channel.id, contactId: contact.id, kind: "DM", externalThreadId: `t-${article.id}` } });
    const message = await tx.message.create({ data: { workspaceId, channelId: channel.id, conversationId: conversation.id, direction: "INBOUND", platformMessageId: `m-${article.id}`, textEnc: encrypt("hello"), sentAt: new Date() } });
    const reply = await tx.reply.create({ data: { workspaceId, conversationId: conversation.id, inReplyToId: message.id, source: "AI", status: "DRAFT", textEnc: encrypt("Hi!") } });
    return {
      workspaceId, articleId: article.id, membershipId: membership.id, invitationId: invitation.id,
      conversationId: conversation.id, replyId: reply.id, leadId: lead.id,
    };
  });
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

let webhookSink: Server;

beforeAll(async () => {
  // demo.send posts a signed webhook to APP_URL: a sink stands in for the running app here.
  webhookSink = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  await new Promise<void>((resolve) => webhookSink.listen(0, "127.0.0.1", resolve));
  process.env.APP_URL = `http://127.0.0.1:${(webhookSink.address() as AddressInfo).port}`;
  team = await createWorkspaceWithTeam("Matrix");
  const outsider = await createUser("outsider");
  outsiderId = outsider.userId;
  await (await import("@/server/workspaces/create-workspace")).createWorkspace(outsiderId, { name: "Elsewhere" });
});

afterAll(async () => {
  await stopQueue();
  webhookSink.close();
});

describe("role matrix", () => {
  it("has a row for every procedure", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(ROWS).sort());
  });

  const whos: Who[] = ["ADMIN", "AGENT", "VIEWER", "OUTSIDER", "ANON"];
  for (const [path, row] of Object.entries(ROWS)) {
    for (const who of whos) {
      const want = expected(row, who);
      it(`${path} as ${who} -> ${want}`, async () => {
        const fixture = await freshFixture();
        const userId = who === "ANON" ? null : who === "OUTSIDER" ? outsiderId : team.members[who].userId;
        const got = await outcome(row.call(callerFor(userId, team.workspaceId), fixture));
        if (want === "ok") expect(got === "ok" || DOMAIN_OUTCOMES.has(got) ? "allowed" : got).toBe("allowed");
        else expect(got).toBe(want);
        // A refused call changed nothing: the fixture rows are intact.
        if (want !== "ok") {
          const intact = await withTenant({ workspaceId: team.workspaceId }, async (tx) => ({
            article: await tx.knowledgeArticle.count({ where: { id: fixture.articleId, title: "Fixture" } }),
            member: await tx.membership.count({ where: { id: fixture.membershipId, role: "VIEWER" } }),
            invite: await tx.invitation.count({ where: { id: fixture.invitationId, revokedAt: null } }),
          }));
          const untouched = await withTenant({ workspaceId: team.workspaceId }, async (tx) => ({
            draft: await tx.reply.count({ where: { id: fixture.replyId, status: "DRAFT" } }),
            paused: await tx.conversation.count({ where: { id: fixture.conversationId, autoReplyPaused: true } }),
            lead: await tx.lead.count({ where: { id: fixture.leadId, status: "NEW" } }),
          }));
          expect(intact).toEqual({ article: 1, member: 1, invite: 1 });
          expect(untouched).toEqual({ draft: 1, paused: 0, lead: 1 });
        }
      });
    }
  }
});
