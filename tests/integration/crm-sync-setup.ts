/**
 * Shared set-up of the CRM sync tests: a workspace with N leads (encrypted contacts, a
 * conversation and messages each), a signed-webhook connection pointing at the fake receiver,
 * and readers for links, runs and audit entries (as the owner role where RLS would hide them).
 */
import { randomBytes } from "node:crypto";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { newId } from "@/server/infra/db/new-id";
import { withTenant } from "@/server/infra/db/tenant";
import { createWorkspace } from "@/server/workspaces/create-workspace";
import { createUser } from "../helpers/factories";

export type SeededWorkspace = { workspaceId: string; userId: string; channelId: string; leadIds: string[]; contactIds: string[] };

export async function seedWorkspace(leads: number, label = "CRM"): Promise<SeededWorkspace> {
  const user = await createUser("crm-admin");
  const { workspaceId } = await createWorkspace(user.userId, { name: label });
  return withTenant({ workspaceId }, async (tx) => {
    const channel = await tx.channel.findFirstOrThrow({ where: { workspaceId, platform: "DEMO" } });
    const tag = randomBytes(4).toString("hex");
    const rows = Array.from({ length: leads }, (_, i) => ({ i, contactId: newId(), leadId: newId(), conversationId: newId() }));
    await tx.contact.createMany({
      data: rows.map(({ i, contactId }) => ({
        id: contactId, workspaceId, channelId: channel.id, platformUserHash: `${tag}-${i}`, platformUserIdEnc: encrypt(`u${i}`),
        displayNameEnc: encrypt(`Person ${i}`), handleEnc: encrypt(`@person${i}`), emailEnc: encrypt(`person${i}@example.test`),
      })),
    });
    await tx.lead.createMany({
      data: rows.map(({ i, contactId, leadId }) => ({ id: leadId, workspaceId, contactId, tier: i % 3 === 0 ? ("HOT" as const) : ("WARM" as const), score: 50 + (i % 50), reason: "Asked for a price", lastIntent: "SALES" as const })),
    });
    await tx.conversation.createMany({ data: rows.map(({ i, contactId, conversationId }) => ({ id: conversationId, workspaceId, channelId: channel.id, contactId, kind: "DM" as const, externalThreadId: `${tag}-t${i}` })) });
    await tx.message.createMany({
      data: rows.map(({ i, conversationId }) => ({
        workspaceId, channelId: channel.id, conversationId, direction: "INBOUND" as const, platformMessageId: `${tag}-m${i}`, textEnc: encrypt(`How much is it? #${i}`), sentAt: new Date(Date.now() - 60_000),
      })),
    });
    const contactIds = rows.map((r) => r.contactId);
    const leadIds = rows.map((r) => r.leadId);
    return { workspaceId, userId: user.userId, channelId: channel.id, leadIds, contactIds };
  });
}

export async function createWebhookConnection(workspaceId: string, url: string, secret: string, extra: { fieldMapping?: Record<string, string> } = {}): Promise<string> {
  const row = await withTenant({ workspaceId }, (tx) =>
    tx.crmConnection.create({
      data: { workspaceId, provider: "WEBHOOK", credentialsEnc: encrypt(secret), label: "receiver", metadata: { url }, fieldMapping: extra.fieldMapping ?? {} },
    }),
  );
  return row.id;
}

export const readLinks = (workspaceId: string, connectionId: string) =>
  withTenant({ workspaceId }, (tx) => tx.crmLeadLink.findMany({ where: { connectionId }, orderBy: { leadId: "asc" } }));

export const readConnection = (workspaceId: string, connectionId: string) =>
  withTenant({ workspaceId }, (tx) => tx.crmConnection.findUniqueOrThrow({ where: { id: connectionId } }));

export const readRuns = (workspaceId: string, connectionId: string) =>
  withTenant({ workspaceId }, (tx) => tx.crmSyncRun.findMany({ where: { connectionId }, orderBy: { startedAt: "asc" } }));

export const readAudit = (workspaceId: string, action: string) =>
  withTenant({ workspaceId }, (tx) => tx.auditLog.findMany({ where: { workspaceId, action }, orderBy: { createdAt: "asc" } }));

export const readLeadVersions = async (workspaceId: string) =>
  new Map((await withTenant({ workspaceId }, (tx) => tx.lead.findMany({ select: { id: true, version: true } }))).map((l) => [l.id, Number(l.version)]));

export const newSecret = () => randomBytes(32).toString("base64url");

/** A movable clock: runs take every stored time from it. */
export function testClock(start = new Date()) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}
