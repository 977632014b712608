import { randomBytes } from "node:crypto";
import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { notificationsRouter } from "@/server/api/routers/notifications";
import { blindIndex, encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import type { OutboxPublisher } from "@/server/infra/outbox/relay-outbox";
import { createUser } from "../helpers/factories";
import { createPipelineWorkspace } from "../helpers/pipeline";

/**
 * Shared by the notifications-*.test.ts files: a workspace with an admin, two agents (one the
 * conversations get assigned to, one who must not see them), a viewer; helpers to add a
 * conversation with its lead and reply; a caller of the notifications router (mounted on its own
 * here, as root.ts mounts it).
 */
export async function notificationsWorkspace() {
  const ws = await createPipelineWorkspace({ autoReplyEnabled: false });
  const otherAgent = await createUser("agent2");
  await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.membership.create({ data: { workspaceId: ws.workspaceId, userId: otherAgent.userId, role: "AGENT" } }));
  const channel = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, platform: "DEMO" }, select: { id: true } }));
  return { ...ws, otherAgent, channelId: channel.id };
}

export type NotificationsWorkspace = Awaited<ReturnType<typeof notificationsWorkspace>>;

/** A contact, its conversation (assigned to `assigneeId`) and lead, written directly. */
export async function conversationWithLead(ws: NotificationsWorkspace, assigneeId: string | null, tier: "HOT" | "WARM" | "COLD" = "COLD") {
  const workspaceId = ws.workspaceId;
  return withTenant({ workspaceId }, async (tx) => {
    const platformUserId = `u-${randomBytes(5).toString("hex")}`;
    const contact = await tx.contact.create({ data: { workspaceId, channelId: ws.channelId, platformUserHash: blindIndex(platformUserId), platformUserIdEnc: encrypt(platformUserId), displayNameEnc: encrypt("Casey Vance") } });
    const conversation = await tx.conversation.create({ data: { workspaceId, channelId: ws.channelId, contactId: contact.id, kind: "DM", externalThreadId: platformUserId, assigneeId } });
    const lead = await tx.lead.create({ data: { workspaceId, contactId: contact.id, tier, score: tier === "HOT" ? 88 : 20 } });
    return { contactId: contact.id, conversationId: conversation.id, leadId: lead.id };
  });
}

export async function addReply(workspaceId: string, conversationId: string, status: "DRAFT" | "SENDING", createdAt = new Date()) {
  return withTenant({ workspaceId }, (tx) =>
    tx.reply.create({ data: { workspaceId, conversationId, source: "AI", status, textEnc: encrypt("Our secret draft text 4417"), attempts: status === "SENDING" ? 1 : 0, createdAt }, select: { id: true } }),
  );
}

export async function notificationsOf(workspaceId: string) {
  return withTenant({ workspaceId }, (tx) => tx.notification.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } }));
}

export const recipients = (rows: ReadonlyArray<{ userId: string; kind: string }>, kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.userId).sort();

export const silentPublisher: OutboxPublisher = { publishJobs: async (_name, items) => items.map(() => ({ id: null, deduplicated: false })), publishEvent: async () => undefined };

const createCaller = createCallerFactory(createTRPCRouter({ notifications: notificationsRouter }));
export function notificationsCaller(userId: string | null, workspaceId: string | null) {
  return createCaller({ userId, workspaceId, ip: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, resHeaders: new Headers() }).notifications;
}
