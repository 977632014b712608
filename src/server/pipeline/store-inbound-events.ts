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

type MessageRow = { id: string; status: string; conversationId: string; channelId: string; platformMessageId: string; created: boolean };

/**
 * Stores a batch of inbound events of one workspace in the caller's tenant transaction, each
 * exactly once (unique channel + platform message id): contacts and their leads, conversations,
 * then the messages, in one statement (the fixed cost of a small batch is its round trips).
 * Returns one result per event, in order. A contact's name, handle and follower count are only
 * overwritten by values the event carries; a redelivered event touches nothing.
 */
export async function storeInboundEvents(tx: RawSql, workspaceId: string, routed: readonly RoutedEvent[]): Promise<StoredEvent[]> {
  const now = new Date();
  // The first delivery of each message in this batch; later copies resolve to it.
  const unique = new Map<string, RoutedEvent>();
  for (const r of routed) {
    const key = keyOf(r.channelId, r.event.platformMessageId);
    if (!unique.has(key)) unique.set(key, r);
  }
  const events = byKey(
    [...unique.entries()].map(([key, r]) => {
      const { text, truncated } = sanitiseText(r.event.text, MAX_MESSAGE_CHARS);
      return {
        key, r, id: newId(), conversationId: newId(), textEnc: encrypt(text),
        senderHash: senderHash(r), error: truncated ? "Message truncated to 100,000 characters." : null,
      };
    }),
  );
  const contacts = contactRows(events.map((e) => e.r));

  // Each step reads the rows the previous one wrote (data-modifying CTEs), and only events that
  // are new (`fresh`: not in the table when the statement began) write anything. Rows are
  // written in key order, so two batches touching the same contacts lock them in one order.
  const rows = await tx.$queryRaw<MessageRow[]>`
    WITH ev AS (
      SELECT * FROM unnest(
        ${events.map((e) => e.id)}::text[], ${events.map((e) => e.r.channelId)}::text[], ${events.map((e) => e.r.event.platformMessageId)}::text[],
        ${events.map((e) => e.r.event.threadId)}::text[], ${events.map((e) => e.r.event.kind)}::text[], ${events.map((e) => e.senderHash)}::text[],
        ${events.map((e) => e.conversationId)}::text[], ${events.map((e) => e.textEnc)}::text[], ${events.map((e) => e.r.event.sentAt)}::timestamp(3)[],
        ${events.map((e) => e.error)}::text[]
      ) WITH ORDINALITY AS e(id, channel_id, pmid, thread_id, kind, sender_hash, conversation_id, text_enc, sent_at, error, ord)
    ),
    existing AS (
      SELECT m.id, m.status::text AS status, m."conversationId", m."channelId", m."platformMessageId"
      FROM messages m JOIN ev ON m."channelId" = ev.channel_id AND m."platformMessageId" = ev.pmid
      WHERE m."workspaceId" = ${workspaceId}
    ),
    fresh AS (
      SELECT ev.* FROM ev
      WHERE NOT EXISTS (SELECT 1 FROM existing x WHERE x."channelId" = ev.channel_id AND x."platformMessageId" = ev.pmid)
    ),
    contact_up AS (
      INSERT INTO contacts (id, "workspaceId", "channelId", "platformUserHash", "platformUserIdEnc", "displayNameEnc", "handleEnc", "handleHash", followers, verified, "createdAt", "updatedAt")
      SELECT c.id, ${workspaceId}, c.channel_id, c.hash, c.id_enc, c.name_enc, c.handle_enc, c.handle_hash, c.followers, c.verified, ${now}::timestamp(3), ${now}::timestamp(3)
      FROM unnest(${contacts.map((r) => r.id)}::text[], ${contacts.map((r) => r.channelId)}::text[], ${contacts.map((r) => r.hash)}::text[], ${contacts.map((r) => r.idEnc)}::text[],
                  ${contacts.map((r) => r.nameEnc)}::text[], ${contacts.map((r) => r.handleEnc)}::text[], ${contacts.map((r) => r.handleHash)}::text[],
                  ${contacts.map((r) => r.followers)}::int[], ${contacts.map((r) => r.verified)}::bool[])
        WITH ORDINALITY AS c(id, channel_id, hash, id_enc, name_enc, handle_enc, handle_hash, followers, verified, ord)
      WHERE EXISTS (SELECT 1 FROM fresh f WHERE f.channel_id = c.channel_id AND f.sender_hash = c.hash)
      ORDER BY c.ord
      ON CONFLICT ("channelId", "platformUserHash") DO UPDATE SET
        "displayNameEnc" = COALESCE(EXCLUDED."displayNameEnc", contacts."displayNameEnc"),
        "handleEnc" = COALESCE(EXCLUDED."handleEnc", contacts."handleEnc"),
        "handleHash" = COALESCE(EXCLUDED."handleHash", contacts."handleHash"),
        followers = COALESCE(EXCLUDED.followers, contacts.followers),
        verified = EXCLUDED.verified,
        "updatedAt" = EXCLUDED."updatedAt"
      WHERE contacts."workspaceId" = ${workspaceId}
      RETURNING id, "channelId", "platformUserHash"
    ),
    lead_ins AS (
      INSERT INTO leads (id, "workspaceId", "contactId", "createdAt", "updatedAt", "changedAt")
      SELECT 'l' || c.id, ${workspaceId}, c.id, ${now}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3)
      FROM contact_up c ORDER BY c.id
      ON CONFLICT ("contactId") DO NOTHING
    ),
    thread AS (
      -- One row per thread with new messages: the first new message names its contact and kind,
      -- the newest one its time.
      SELECT DISTINCT ON (f.channel_id, f.thread_id) f.channel_id, f.thread_id, f.kind, f.sender_hash, f.conversation_id,
             max(f.sent_at) OVER (PARTITION BY f.channel_id, f.thread_id) AS at
      FROM fresh f ORDER BY f.channel_id, f.thread_id, f.ord
    ),
    conversation_up AS (
      INSERT INTO conversations (id, "workspaceId", "channelId", "contactId", kind, "externalThreadId", "lastMessageAt", "lastInboundAt", "createdAt", "updatedAt")
      SELECT t.conversation_id, ${workspaceId}, t.channel_id, c.id, t.kind::"ConversationKind", t.thread_id, t.at, t.at, ${now}::timestamp(3), ${now}::timestamp(3)
      FROM thread t JOIN contact_up c ON c."channelId" = t.channel_id AND c."platformUserHash" = t.sender_hash
      ORDER BY t.channel_id, t.thread_id
      ON CONFLICT ("channelId", "externalThreadId") DO UPDATE SET
        "lastMessageAt" = GREATEST(conversations."lastMessageAt", EXCLUDED."lastMessageAt"),
        "lastInboundAt" = GREATEST(conversations."lastInboundAt", EXCLUDED."lastInboundAt"),
        status = 'OPEN',
        "updatedAt" = EXCLUDED."updatedAt"
      WHERE conversations."workspaceId" = ${workspaceId}
      RETURNING id, "channelId", "externalThreadId"
    ),
    message_ins AS (
      INSERT INTO messages (id, "workspaceId", "channelId", "conversationId", direction, "platformMessageId", "textEnc", "sentAt", "receivedAt", error)
      SELECT f.id, ${workspaceId}, f.channel_id, cv.id, 'INBOUND', f.pmid, f.text_enc, f.sent_at, ${now}::timestamp(3), f.error
      FROM fresh f JOIN conversation_up cv ON cv."channelId" = f.channel_id AND cv."externalThreadId" = f.thread_id
      ORDER BY f.ord
      ON CONFLICT ("channelId", "platformMessageId") DO NOTHING
      RETURNING id, "channelId", "platformMessageId", "conversationId"
    )
    SELECT id, 'RECEIVED' AS status, "conversationId", "channelId", "platformMessageId", true AS created FROM message_ins
    UNION ALL
    SELECT id, status, "conversationId", "channelId", "platformMessageId", false AS created FROM existing`;

  const found = new Map(rows.map((m) => [keyOf(m.channelId, m.platformMessageId), m]));
  // A concurrent delivery of the same event committed after this statement began: its row is
  // the message (reported as a duplicate).
  const raced = events.filter((e) => !found.has(e.key));
  if (raced.length > 0) {
    const others = await tx.$queryRaw<MessageRow[]>`
      SELECT m.id, m.status::text AS status, m."conversationId", m."channelId", m."platformMessageId", false AS created FROM messages m
      JOIN unnest(${raced.map((e) => e.r.channelId)}::text[], ${raced.map((e) => e.r.event.platformMessageId)}::text[]) AS k(channel_id, pmid)
        ON m."channelId" = k.channel_id AND m."platformMessageId" = k.pmid
      WHERE m."workspaceId" = ${workspaceId}`;
    for (const m of others) found.set(keyOf(m.channelId, m.platformMessageId), m);
  }

  const reported = new Set<string>();
  return routed.map((r) => {
    const key = keyOf(r.channelId, r.event.platformMessageId);
    const row = found.get(key);
    if (!row) throw new Error("inbound message neither stored nor found"); // unreachable unless the row vanished mid-transaction
    const created = row.created && !reported.has(key);
    reported.add(key);
    return { messageId: row.id, conversationId: row.conversationId, created, status: row.status };
  });
}

const senderHash = (r: RoutedEvent) => blindIndex(`${r.event.platform}:${r.event.sender.platformUserId}`);

/** One row per sender in the batch (last profile wins: a later event's values replace earlier ones only where it carries them). */
function contactRows(events: RoutedEvent[]) {
  const bySender = new Map<string, { key: string; channelId: string; hash: string; sender: InboundEvent["sender"] }>();
  for (const r of events) {
    const key = keyOf(r.channelId, r.event.sender.platformUserId);
    const prior = bySender.get(key);
    const defined = Object.fromEntries(Object.entries(r.event.sender).filter(([, v]) => v !== undefined));
    bySender.set(key, { key, channelId: r.channelId, hash: prior?.hash ?? senderHash(r), sender: { ...prior?.sender, ...defined } as InboundEvent["sender"] });
  }
  return byKey([...bySender.values()]).map((c) => {
    const s = c.sender;
    return {
      ...c, id: newId(), idEnc: encrypt(s.platformUserId), nameEnc: encryptOptional(s.displayName), handleEnc: encryptOptional(s.handle),
      handleHash: s.handle ? blindIndex(s.handle.replace(/^@/, "")) : null, followers: s.followers ?? null, verified: s.verified ?? false,
    };
  });
}
