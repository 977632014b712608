import { Prisma, type Role } from "@/generated/prisma/client";
import { visibleConversationsSql } from "../access/access-rules";
import { assertChannelInWorkspace } from "../channels/assert-channel-in-workspace";
import { decryptOptional } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { decodeCursor, encodeCursor, type LeadFilters, type LeadListInput } from "./lead-query";
import type { IntentValue, PlatformValue, TierValue } from "@/shared/vocabulary";

/** Who reads the leads: admins and viewers see every lead, agents those of the conversations they see. */
export type LeadReader = { workspaceId: string; userId: string; role: Role };

type LeadRow = {
  id: string; tier: TierValue; score: number; reason: string; tags: string[]; status: "NEW" | "QUALIFIED" | "WON" | "LOST";
  assigneeId: string | null; lastIntent: IntentValue | null; createdAt: Date; contactId: string;
  displayNameEnc: string | null; handleEnc: string | null; followers: number | null; verified: boolean;
  channelId: string; channelName: string; platform: PlatformValue; lastContactAt: Date | null; conversationId: string | null; k: number | Date;
};

/** The sort value of each order, always non-null so (value, id) is a total order for the keyset. */
function sortExpression(sort: LeadFilters["sort"]): Prisma.Sql {
  switch (sort) {
    case "score": return Prisma.sql`l.score`;
    case "tier": return Prisma.sql`((CASE l.tier WHEN 'HOT' THEN 3 WHEN 'WARM' THEN 2 ELSE 1 END) * 1000 + l.score)`;
    case "created": return Prisma.sql`l."createdAt"`;
    case "lastContact": return Prisma.sql`COALESCE(v."lastContactAt", 'epoch'::timestamp(3))`;
  }
}

function filterConditions(reader: LeadReader, f: LeadFilters): Prisma.Sql[] {
  const ws = reader.workspaceId;
  const where: Prisma.Sql[] = [Prisma.sql`l."workspaceId" = ${ws}`];
  if (reader.role === "AGENT") where.push(Prisma.sql`v."conversationId" IS NOT NULL`);
  if (f.tier) where.push(Prisma.sql`l.tier = ${f.tier}::"LeadTier"`);
  if (f.status) where.push(Prisma.sql`l.status = ${f.status}::"LeadStatus"`);
  if (f.intent) where.push(Prisma.sql`l."lastIntent" = ${f.intent}::"Intent"`);
  if (f.channelId) where.push(Prisma.sql`ct."channelId" = ${f.channelId}`);
  if (f.owner === "none") where.push(Prisma.sql`l."assigneeId" IS NULL`);
  else if (f.owner) where.push(Prisma.sql`l."assigneeId" = ${f.owner === "me" ? reader.userId : f.owner}`);
  if (f.crm === "NONE") where.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM crm_lead_links k WHERE k."leadId" = l.id AND k."workspaceId" = ${ws})`);
  else if (f.crm) where.push(Prisma.sql`EXISTS (SELECT 1 FROM crm_lead_links k WHERE k."leadId" = l.id AND k."workspaceId" = ${ws} AND k.state = ${f.crm}::"CrmLinkState")`);
  return where;
}

/**
 * One page of the workspace's leads in the table's order, keyset-paged on (sort value, id): the
 * contact (decrypted name), channel, last contact and newest conversation among those the reader
 * may see, the owner's name and where the lead stands in each CRM. Runs in the caller's tenant
 * transaction; every table is also filtered by workspace.
 */
export async function fetchLeadPage(tx: Tx, reader: LeadReader, input: LeadListInput) {
  const ws = reader.workspaceId;
  const cursor = input.cursor ? decodeCursor(input.cursor, input) : null;
  if (!cursor) await assertChannelInWorkspace(tx, ws, input.channelId ?? null);
  const desc = input.dir === "desc";
  const timed = input.sort === "lastContact" || input.sort === "created";
  const after = cursor
    ? timed
      ? Prisma.sql`(q.k, q.id) ${desc ? Prisma.sql`<` : Prisma.sql`>`} (${cursor.k}::timestamp(3), ${cursor.id})`
      : Prisma.sql`(q.k, q.id) ${desc ? Prisma.sql`<` : Prisma.sql`>`} (${cursor.k}::int, ${cursor.id})`
    : Prisma.sql`TRUE`;
  const order = desc ? Prisma.sql`q.k DESC, q.id DESC` : Prisma.sql`q.k ASC, q.id ASC`;

  const rows = await tx.$queryRaw<LeadRow[]>`
    SELECT * FROM (
      SELECT l.id, l.tier::text AS tier, l.score, l.reason, l.tags, l.status::text AS status, l."assigneeId", l."lastIntent"::text AS "lastIntent",
             l."createdAt", l."contactId", ct."displayNameEnc", ct."handleEnc", ct.followers, ct.verified,
             ch.id AS "channelId", ch.name AS "channelName", ch.platform::text AS platform, v."lastContactAt", v."conversationId",
             ${sortExpression(input.sort)} AS k
      FROM leads l
      JOIN contacts ct ON ct.id = l."contactId" AND ct."workspaceId" = ${ws}
      JOIN channels ch ON ch.id = ct."channelId" AND ch."workspaceId" = ${ws}
      CROSS JOIN LATERAL (
        SELECT max(c."lastInboundAt") AS "lastContactAt", (array_agg(c.id ORDER BY c."lastMessageAt" DESC, c.id))[1] AS "conversationId"
        FROM conversations c
        WHERE c."contactId" = l."contactId" AND ${visibleConversationsSql(ws, reader.role, reader.userId)}
      ) v
      WHERE ${Prisma.join(filterConditions(reader, input), " AND ")}
    ) q
    WHERE ${after}
    ORDER BY ${order}
    LIMIT ${input.limit}`;

  const ids = rows.map((r) => r.id);
  const assigneeIds = [...new Set(rows.flatMap((r) => r.assigneeId ?? []))];
  const [links, owners] = await Promise.all([
    ids.length === 0 ? [] : tx.crmLeadLink.findMany({
      where: { workspaceId: ws, leadId: { in: ids } },
      select: { leadId: true, state: true, lastError: true, syncedAt: true, connection: { select: { provider: true, label: true } } },
      orderBy: { createdAt: "asc" },
    }),
    assigneeIds.length === 0 ? [] : tx.membership.findMany({ where: { workspaceId: ws, userId: { in: assigneeIds } }, select: { userId: true, user: { select: { nameEnc: true } } } }),
  ]);
  const ownerName = new Map(owners.map((o) => [o.userId, decryptOptional(o.user.nameEnc) ?? "Team member"]));

  return rows.map((r) => ({
    id: r.id,
    tier: r.tier,
    score: r.score,
    reason: r.reason,
    tags: r.tags,
    status: r.status,
    lastIntent: r.lastIntent,
    createdAt: r.createdAt,
    lastContactAt: r.lastContactAt,
    contactName: decryptOptional(r.displayNameEnc) ?? decryptOptional(r.handleEnc) ?? "Unknown",
    handle: decryptOptional(r.handleEnc),
    platform: r.platform,
    channelId: r.channelId,
    channelName: r.channelName,
    followers: r.followers,
    verified: r.verified,
    conversationId: r.conversationId,
    owner: r.assigneeId ? { id: r.assigneeId, name: ownerName.get(r.assigneeId) ?? "Former member" } : null,
    crm: links.filter((l) => l.leadId === r.id).map((l) => ({ provider: l.connection.provider, label: l.connection.label, state: l.state, reason: l.lastError, syncedAt: l.syncedAt })),
    /** Continue after this row (the next page's `cursor`). */
    cursor: encodeCursor({ s: input.sort, d: input.dir, k: r.k instanceof Date ? r.k.toISOString() : Number(r.k), id: r.id }),
  }));
}

export type LeadListItem = Awaited<ReturnType<typeof fetchLeadPage>>[number];
