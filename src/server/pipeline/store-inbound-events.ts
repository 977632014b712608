import type { InboundEvent } from "../channels/inbound-event";
import { MAX_MESSAGE_CHARS } from "../channels/inbound-event";
import { blindIndex, encrypt, encryptOptional } from "../infra/crypto/field-crypto";
import { newId } from "../infra/db/new-id";
import type { RawSql } from "../infra/db/sql";
import { sanitiseText } from "./sanitise-text";

export type RoutedEvent = { event: InboundEvent; channelId: string };

export type StoredEvent = {
  messageId: string;
  conversationId: string;
  /** false: the platform had delivered this message before (or earlier in the same batch). */
  created: boolean;
  /** The message's status now; a duplicate still RECEIVED needs its job queued again. */
  status: string;
};

const keyOf = (channelId: string, id: string) => `${channelId}\u0000${id}`;
/** Sorted writes: two batches touching the same contacts lock them in one order (no deadlock). */
const byKey = <T extends { key: string }>(rows: T[]) => rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/**
 * Stores a batch of inbound events of one workspace in the caller's tenant transaction, each
 * exactly once (unique channel + platform message id): contacts and their leads, conversations,
 * then the messages, each as one multi-row statement. Returns one result per event, in order.
 * A contact's name, handle and follower count are only overwritten by values the event carries.
 */
export async function storeInboundEvents(tx: RawSql, workspaceId: string, routed: readonly RoutedEvent[]): Promise<StoredEvent[]> {
  const now = new Date();
  const existing = await tx.$queryRaw<Array<{ id: string; status: string; conversationId: string; channelId: string; platformMessageId: string }>>`
    SELECT m.id, m.status::text AS status, m."conversationId", m."channelId", m."platformMessageId"
    FROM messages m
    JOIN unnest(${routed.map((r) => r.channelId)}::text[], ${routed.map((r) => r.event.platformMessageId)}::text[]) AS k(channel_id, pmid)
      ON m."channelId" = k.channel_id AND m."platformMessageId" = k.pmid
    WHERE m."workspaceId" = ${workspaceId}`;
  const known = new Map(existing.map((m) => [keyOf(m.channelId, m.platformMessageId), m]));

  // The first delivery of each message in this batch; later copies resolve to it.
  const fresh = new Map<string, RoutedEvent>();
  for (const r of routed) {
    const key = keyOf(r.channelId, r.event.platformMessageId);
    if (!known.has(key) && !fresh.has(key)) fresh.set(key, r);
  }
  const created = new Map<string, { id: string; conversationId: string }>();
  if (fresh.size > 0) {
    const events = [...fresh.values()];
    const contactIds = await upsertContacts(tx, workspaceId, events, now);
    const conversationIds = await upsertConversations(tx, workspaceId, events, contactIds, now);
    const rows = events.map((r) => {
      const { text, truncated } = sanitiseText(r.event.text, MAX_MESSAGE_CHARS);
      return {
        key: keyOf(r.channelId, r.event.platformMessageId), id: newId(), channelId: r.channelId, pmid: r.event.platformMessageId,
        conversationId: conversationIds.get(keyOf(r.channelId, r.event.threadId))!, textEnc: encrypt(text), sentAt: r.event.sentAt,
        error: truncated ? "Message truncated to 100,000 characters." : null,
      };
    });
    byKey(rows);
    const inserted = await tx.$queryRaw<Array<{ id: string; channelId: string; platformMessageId: string; conversationId: string }>>`
      INSERT INTO messages (id, "workspaceId", "channelId", "conversationId", direction, "platformMessageId", "textEnc", "sentAt", "receivedAt", error)
      SELECT r.id, ${workspaceId}, r.channel_id, r.conversation_id, 'INBOUND', r.pmid, r.text_enc, r.sent_at, ${now}::timestamp(3), r.error
      FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.channelId)}::text[], ${rows.map((r) => r.conversationId)}::text[],
                  ${rows.map((r) => r.pmid)}::text[], ${rows.map((r) => r.textEnc)}::text[], ${rows.map((r) => r.sentAt)}::timestamp(3)[],
                  ${rows.map((r) => r.error)}::text[]) AS r(id, channel_id, conversation_id, pmid, text_enc, sent_at, error)
      ON CONFLICT ("channelId", "platformMessageId") DO NOTHING
      RETURNING id, "channelId", "platformMessageId", "conversationId"`;
    for (const m of inserted) created.set(keyOf(m.channelId, m.platformMessageId), { id: m.id, conversationId: m.conversationId });

    // A concurrent delivery of the same event committed first: report its row as a duplicate.
    const raced = rows.filter((r) => !created.has(r.key));
    if (raced.length > 0) {
      const others = await tx.$queryRaw<Array<{ id: string; status: string; conversationId: string; channelId: string; platformMessageId: string }>>`
        SELECT m.id, m.status::text AS status, m."conversationId", m."channelId", m."platformMessageId" FROM messages m
        JOIN unnest(${raced.map((r) => r.channelId)}::text[], ${raced.map((r) => r.pmid)}::text[]) AS k(channel_id, pmid)
          ON m."channelId" = k.channel_id AND m."platformMessageId" = k.pmid
        WHERE m."workspaceId" = ${workspaceId}`;
      for (const m of others) known.set(keyOf(m.channelId, m.platformMessageId), m);
    }
  }

  const reported = new Set<string>();
  return routed.map((r) => {
    const key = keyOf(r.channelId, r.event.platformMessageId);
    const mine = created.get(key);
    if (mine && !reported.has(key)) {
      reported.add(key);
      return { messageId: mine.id, conversationId: mine.conversationId, created: true, status: "RECEIVED" };
    }
    const prior = known.get(key);
    if (prior) return { messageId: prior.id, conversationId: prior.conversationId, created: false, status: prior.status };
    if (mine) return { messageId: mine.id, conversationId: mine.conversationId, created: false, status: "RECEIVED" };
    throw new Error("inbound message neither stored nor found"); // unreachable unless the row vanished mid-transaction
  });
}

/**
 * One upsert for every sender in the batch (last profile wins), plus an empty lead for each new
 * contact. Returns contact ids keyed by channel + the sender's platform user id.
 */
async function upsertContacts(tx: RawSql, workspaceId: string, events: RoutedEvent[], now: Date): Promise<Map<string, string>> {
  // One row per sender; a later event's profile values replace earlier ones only where it carries them.
  const bySender = new Map<string, { key: string; channelId: string; hash: string; sender: InboundEvent["sender"] }>();
  for (const r of events) {
    const key = keyOf(r.channelId, r.event.sender.platformUserId);
    const prior = bySender.get(key);
    const defined = Object.fromEntries(Object.entries(r.event.sender).filter(([, v]) => v !== undefined));
    bySender.set(key, { key, channelId: r.channelId, hash: blindIndex(`${r.event.platform}:${r.event.sender.platformUserId}`), sender: { ...prior?.sender, ...defined } as InboundEvent["sender"] });
  }
  const rows = byKey([...bySender.values()]).map((c) => {
    const s = c.sender;
    return {
      ...c, id: newId(), idEnc: encrypt(s.platformUserId), nameEnc: encryptOptional(s.displayName), handleEnc: encryptOptional(s.handle),
      handleHash: s.handle ? blindIndex(s.handle.replace(/^@/, "")) : null, followers: s.followers ?? null, verified: s.verified ?? false,
    };
  });
  const contacts = await tx.$queryRaw<Array<{ id: string; channelId: string; platformUserHash: string }>>`
    INSERT INTO contacts (id, "workspaceId", "channelId", "platformUserHash", "platformUserIdEnc", "displayNameEnc", "handleEnc", "handleHash", followers, verified, "createdAt", "updatedAt")
    SELECT c.id, ${workspaceId}, c.channel_id, c.hash, c.id_enc, c.name_enc, c.handle_enc, c.handle_hash, c.followers, c.verified, ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.channelId)}::text[], ${rows.map((r) => r.hash)}::text[], ${rows.map((r) => r.idEnc)}::text[],
                ${rows.map((r) => r.nameEnc)}::text[], ${rows.map((r) => r.handleEnc)}::text[], ${rows.map((r) => r.handleHash)}::text[],
                ${rows.map((r) => r.followers)}::int[], ${rows.map((r) => r.verified)}::bool[])
      AS c(id, channel_id, hash, id_enc, name_enc, handle_enc, handle_hash, followers, verified)
    ON CONFLICT ("channelId", "platformUserHash") DO UPDATE SET
      "displayNameEnc" = COALESCE(EXCLUDED."displayNameEnc", contacts."displayNameEnc"),
      "handleEnc" = COALESCE(EXCLUDED."handleEnc", contacts."handleEnc"),
      "handleHash" = COALESCE(EXCLUDED."handleHash", contacts."handleHash"),
      followers = COALESCE(EXCLUDED.followers, contacts.followers),
      verified = EXCLUDED.verified,
      "updatedAt" = EXCLUDED."updatedAt"
    WHERE contacts."workspaceId" = ${workspaceId}
    RETURNING id, "channelId", "platformUserHash"`;
  await tx.$executeRaw`
    INSERT INTO leads (id, "workspaceId", "contactId", "createdAt", "updatedAt", "changedAt")
    SELECT l.id, ${workspaceId}, l.contact_id, ${now}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(${contacts.map(() => newId())}::text[], ${contacts.map((c) => c.id)}::text[]) AS l(id, contact_id)
    ORDER BY l.contact_id
    ON CONFLICT ("contactId") DO NOTHING`;
  const byHash = new Map(contacts.map((c) => [keyOf(c.channelId, c.platformUserHash), c.id]));
  return new Map(rows.map((r) => [r.key, byHash.get(keyOf(r.channelId, r.hash))!]));
}

/** One upsert for every thread in the batch; the newest message time wins, and the thread reopens. */
async function upsertConversations(tx: RawSql, workspaceId: string, events: RoutedEvent[], contactIds: Map<string, string>, now: Date): Promise<Map<string, string>> {
  const byThread = new Map<string, { key: string; channelId: string; threadId: string; contactId: string; kind: string; at: Date }>();
  for (const r of events) {
    const key = keyOf(r.channelId, r.event.threadId);
    const prior = byThread.get(key);
    const at = prior && prior.at > r.event.sentAt ? prior.at : r.event.sentAt;
    byThread.set(key, {
      key, channelId: r.channelId, threadId: r.event.threadId, kind: prior?.kind ?? r.event.kind, at,
      contactId: prior?.contactId ?? contactIds.get(keyOf(r.channelId, r.event.sender.platformUserId))!,
    });
  }
  const rows = byKey([...byThread.values()]).map((c) => ({ ...c, id: newId() }));
  const conversations = await tx.$queryRaw<Array<{ id: string; channelId: string; externalThreadId: string }>>`
    INSERT INTO conversations (id, "workspaceId", "channelId", "contactId", kind, "externalThreadId", "lastMessageAt", "lastInboundAt", "createdAt", "updatedAt")
    SELECT c.id, ${workspaceId}, c.channel_id, c.contact_id, c.kind::"ConversationKind", c.thread_id, c.at, c.at, ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.channelId)}::text[], ${rows.map((r) => r.contactId)}::text[],
                ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.threadId)}::text[], ${rows.map((r) => r.at)}::timestamp(3)[])
      AS c(id, channel_id, contact_id, kind, thread_id, at)
    ON CONFLICT ("channelId", "externalThreadId") DO UPDATE SET
      "lastMessageAt" = GREATEST(conversations."lastMessageAt", EXCLUDED."lastMessageAt"),
      "lastInboundAt" = GREATEST(conversations."lastInboundAt", EXCLUDED."lastInboundAt"),
      status = 'OPEN',
      "updatedAt" = EXCLUDED."updatedAt"
    WHERE conversations."workspaceId" = ${workspaceId}
    RETURNING id, "channelId", "externalThreadId"`;
  return new Map(conversations.map((c) => [keyOf(c.channelId, c.externalThreadId), c.id]));
}
