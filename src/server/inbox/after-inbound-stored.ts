import type { RawSql } from "../infra/db/sql";
import { autoAssignConversations } from "./auto-assign";
import { indexMessages, writeContactTokens } from "./search-index";

export type StoredInbound = { messageId: string; conversationId: string; created: boolean; text: string };

/** `nameEnc`/`handleEnc`/`indexName`: the contact's name to index, when it is not indexed (new, or renamed by this ingest). */
type ConversationRow = { id: string; contactId: string; isNew: boolean; indexName: boolean; displayNameEnc: string | null; handleEnc: string | null };

/**
 * The inbox's part of storing inbound messages, in the ingest transaction: the new messages'
 * search tokens, their contacts' names (when not indexed yet), and, when the workspace has
 * auto-assignment on, an assignee for each conversation these messages started. A redelivered
 * message (not created) touches nothing. Reopening a closed or snoozed conversation is the
 * ingest statement's own (status = OPEN on a new message).
 */
export async function afterInboundStored(tx: RawSql, workspaceId: string, rows: readonly StoredInbound[]): Promise<void> {
  const created = rows.filter((r) => r.created);
  if (created.length === 0) return;
  await indexMessages(tx, workspaceId, created.map((r) => ({ messageId: r.messageId, text: r.text })));
  const createdIds = created.map((r) => r.messageId);
  // A conversation is new when it holds no message but the ones just stored.
  const conversations = await tx.$queryRaw<ConversationRow[]>`
    SELECT c.id, c."contactId",
           (c."assigneeId" IS NULL AND NOT EXISTS (
              SELECT 1 FROM messages m WHERE m."conversationId" = c.id AND m."workspaceId" = ${workspaceId} AND NOT (m.id = ANY(${createdIds}::text[]))
           )) AS "isNew",
           ct."nameIndexedAt" IS NULL AS "indexName", ct."displayNameEnc", ct."handleEnc"
    FROM conversations c JOIN contacts ct ON ct.id = c."contactId" AND ct."workspaceId" = ${workspaceId}
    WHERE c.id = ANY(${[...new Set(created.map((r) => r.conversationId))]}::text[]) AND c."workspaceId" = ${workspaceId}`;
  const contacts = new Map(conversations.filter((c) => c.indexName).map((c) => [c.contactId, { id: c.contactId, displayNameEnc: c.displayNameEnc, handleEnc: c.handleEnc }]));
  await writeContactTokens(tx, workspaceId, [...contacts.values()]);
  await autoAssignConversations(tx, workspaceId, conversations.filter((c) => c.isNew).map((c) => c.id));
}
