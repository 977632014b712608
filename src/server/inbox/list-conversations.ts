import { z } from "zod";
import { Prisma, type Role } from "@/generated/prisma/client";
import { visibleConversations, visibleConversationsSql } from "../access/access-rules";
import { assertChannelInWorkspace } from "../channels/assert-channel-in-workspace";
import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { INTENTS, PLATFORMS, TIERS } from "@/shared/vocabulary";
import { indexPending, searchTokens, searchWords } from "./search-index";

// Kept importable from here for existing callers; the rule lives with the other access rules.
export { visibleConversations };

/** Longest search text; words beyond the first MAX_SEARCH_WORDS are ignored. */
export const MAX_SEARCH_LENGTH = 200;
const MAX_SEARCH_WORDS = 8;

/**
 * The inbox list's filters. Without `folder` or `status` the list holds every conversation the
 * member may see (the API's original behaviour); the inbox page always names its folder:
 * "inbox" leaves out conversations whose latest inbound message was classified spam, "spam"
 * holds only those.
 */
export const listFiltersSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  folder: z.enum(["inbox", "spam"]).optional(),
  status: z.enum(["open", "snoozed", "closed"]).optional(),
  intent: z.enum(INTENTS).optional(),
  tier: z.enum(TIERS).optional(),
  platform: z.enum(PLATFORMS).optional(),
  channelId: z.string().min(1).max(100).optional(),
  assignee: z.enum(["me", "unassigned", "anyone"]).optional(),
  search: z.string().trim().max(MAX_SEARCH_LENGTH, `Search for at most ${MAX_SEARCH_LENGTH} characters`).optional(),
});
export type ListFilters = z.input<typeof listFiltersSchema>;

/** A status as the member sees it: a snooze whose time has passed is open again. */
export function effectiveStatus(status: "OPEN" | "CLOSED" | "SNOOZED", snoozedUntil: Date | null, now: Date): "OPEN" | "CLOSED" | "SNOOZED" {
  return status === "SNOOZED" && (!snoozedUntil || snoozedUntil <= now) ? "OPEN" : status;
}

const ANSWERED: Array<"QUEUED" | "SENDING" | "SENT" | "DELIVERY_UNKNOWN"> = ["QUEUED", "SENDING", "SENT", "DELIVERY_UNKNOWN"];

function inboundText(m: { textEnc: string | null; deletedAt: Date | null }): string {
  return m.deletedAt ? "(deleted by the sender)" : m.textEnc ? decrypt(m.textEnc).slice(0, 160) : "(removed by retention)";
}

/** The ids matching the filters, most recent first, among the conversations the member may see. */
async function matchingIds(tx: Tx, workspaceId: string, role: Role, userId: string, f: z.output<typeof listFiltersSchema>, now: Date): Promise<string[]> {
  const where: Prisma.Sql[] = [visibleConversationsSql(workspaceId, role, userId)];
  const latestIntent = Prisma.sql`(SELECT m.intent FROM messages m WHERE m."conversationId" = c.id AND m."workspaceId" = ${workspaceId} AND m.direction = 'INBOUND' ORDER BY m."sentAt" DESC, m.id DESC LIMIT 1)`;
  if (f.folder === "spam") where.push(Prisma.sql`${latestIntent} = 'SPAM'`);
  if (f.folder === "inbox") where.push(Prisma.sql`${latestIntent} IS DISTINCT FROM 'SPAM'`);
  if (f.intent) where.push(Prisma.sql`${latestIntent} = ${f.intent}::"Intent"`);
  if (f.status === "open") where.push(Prisma.sql`(c.status = 'OPEN' OR (c.status = 'SNOOZED' AND (c."snoozedUntil" IS NULL OR c."snoozedUntil" <= ${now}::timestamp(3))))`);
  if (f.status === "snoozed") where.push(Prisma.sql`c.status = 'SNOOZED' AND c."snoozedUntil" > ${now}::timestamp(3)`);
  if (f.status === "closed") where.push(Prisma.sql`c.status = 'CLOSED'`);
  if (f.tier) where.push(Prisma.sql`EXISTS (SELECT 1 FROM leads l WHERE l."contactId" = c."contactId" AND l."workspaceId" = ${workspaceId} AND l.tier = ${f.tier}::"LeadTier")`);
  if (f.platform) where.push(Prisma.sql`EXISTS (SELECT 1 FROM channels ch WHERE ch.id = c."channelId" AND ch."workspaceId" = ${workspaceId} AND ch.platform = ${f.platform}::"Platform")`);
  if (f.channelId) where.push(Prisma.sql`c."channelId" = ${f.channelId}`);
  if (f.assignee === "me") where.push(Prisma.sql`c."assigneeId" = ${userId}`);
  if (f.assignee === "unassigned") where.push(Prisma.sql`c."assigneeId" IS NULL`);
  // Each word must be in the contact's name or handle, or in one of the conversation's messages.
  for (const token of f.search ? searchTokens(workspaceId, searchWords(f.search).slice(0, MAX_SEARCH_WORDS).join(" ")) : []) {
    where.push(Prisma.sql`(
      EXISTS (SELECT 1 FROM contacts ct WHERE ct.id = c."contactId" AND ct."workspaceId" = ${workspaceId} AND ct."nameTokens" @> ARRAY[${token}]::text[])
      OR c.id IN (SELECT m."conversationId" FROM messages m WHERE m."workspaceId" = ${workspaceId} AND m."searchTokens" @> ARRAY[${token}]::text[]))`);
  }
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT c.id FROM conversations c WHERE ${Prisma.join(where, " AND ")}
    ORDER BY c."lastMessageAt" DESC, c.id DESC LIMIT ${f.limit}`;
  return rows.map((r) => r.id);
}

/**
 * The inbox list: the conversations the member may see (access-rules.ts) that match the filters,
 * most recent first, each with its latest message either way (the customer's or our reply),
 * whether it still needs a reply, and whether it is unread for this member. A search matches
 * whole words in the contact's name or handle and in the messages' texts, through the blind index
 * (search-index.ts); rows not indexed yet are indexed first (a bounded step per search).
 */
export async function listConversations(tx: Tx, workspaceId: string, role: Role, userId: string, input: ListFilters = {}, now = new Date()) {
  const f = listFiltersSchema.parse(input);
  await assertChannelInWorkspace(tx, workspaceId, f.channelId ?? null);
  if (f.search !== undefined && searchWords(f.search).length === 0) return [];
  if (f.search) await indexPending(tx, workspaceId);
  const ids = await matchingIds(tx, workspaceId, role, userId, f, now);
  if (ids.length === 0) return [];
  const rows = await tx.conversation.findMany({
    // The access rule again, as Prisma states it: the raw query is never the only check.
    where: { id: { in: ids }, ...visibleConversations(workspaceId, role, userId) },
    include: {
      channel: { select: { platform: true, name: true } },
      contact: { select: { displayNameEnc: true, handleEnc: true, trustedAt: true, lead: { select: { tier: true, score: true, tags: true } } } },
      messages: { where: { workspaceId, direction: "INBOUND" }, orderBy: [{ sentAt: "desc" }, { id: "desc" }], take: 1, select: { textEnc: true, deletedAt: true, intent: true, status: true, sentAt: true, direction: true } },
      replies: { where: { workspaceId, status: { in: [...ANSWERED, "DRAFT"] } }, orderBy: { createdAt: "desc" }, take: 100, select: { status: true, textEnc: true, createdAt: true, sentAt: true, redactedAt: true } },
      reads: { where: { workspaceId, userId }, select: { readAt: true } },
    },
  });
  const order = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return rows.map((c) => {
    const inbound = c.messages[0];
    const answered = c.replies.find((r) => r.status !== "DRAFT");
    const answeredAt = answered ? (answered.sentAt ?? answered.createdAt) : null;
    const replyIsLatest = !!answered && (!inbound || answered.createdAt >= inbound.sentAt);
    const lastInboundAt = c.lastInboundAt;
    const readAt = c.reads[0]?.readAt ?? null;
    return {
      id: c.id,
      kind: c.kind,
      platform: c.channel.platform,
      channelName: c.channel.name,
      contactName: decryptOptional(c.contact.displayNameEnc) ?? decryptOptional(c.contact.handleEnc) ?? "Unknown",
      contactTrusted: c.contact.trustedAt !== null,
      lead: c.contact.lead,
      /** The customer's latest message (as before this list showed replies too). */
      lastMessage: inbound ? { text: inboundText(inbound), intent: inbound.intent, status: inbound.status, sentAt: inbound.sentAt } : null,
      /** What the list shows: the latest message either way, the customer's or our reply (sent or on its way). */
      preview: replyIsLatest
        ? { direction: "OUTBOUND" as const, text: answered.redactedAt ? "(removed by retention)" : decrypt(answered.textEnc).slice(0, 160), replyStatus: answered.status, at: answeredAt! }
        : inbound ? { direction: "INBOUND" as const, text: inboundText(inbound), replyStatus: null, at: inbound.sentAt } : null,
      /** The intent of the customer's latest message (what puts a conversation in the Spam folder). */
      latestIntent: inbound?.intent ?? null,
      /** The customer wrote last and nothing of ours went out (or is on its way) since. */
      needsReply: !!lastInboundAt && !(answered && answered.createdAt >= lastInboundAt),
      unread: !!lastInboundAt && (!readAt || readAt < lastInboundAt),
      pendingDrafts: c.replies.filter((r) => r.status === "DRAFT").length,
      autoReplyPaused: c.autoReplyPaused,
      status: effectiveStatus(c.status, c.snoozedUntil, now),
      snoozedUntil: effectiveStatus(c.status, c.snoozedUntil, now) === "SNOOZED" ? c.snoozedUntil : null,
      assigneeId: c.assigneeId,
      lastMessageAt: c.lastMessageAt,
    };
  });
}
