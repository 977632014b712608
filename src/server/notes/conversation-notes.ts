import type { Role } from "@/generated/prisma/client";
import type { AddNoteInput } from "@/shared/notes/note-input";
import { canDeleteNote, visibleConversations } from "../access/access-rules";
import { recordAudit } from "../audit/record-audit";
import { decrypt, decryptOptional, encrypt } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";

/** Who is acting: the note rules depend on the role and on authorship. */
export type NoteActor = { workspaceId: string; userId: string; role: Role };

/** A conversation holds at most this many notes (a bound on the thread, not a quota anyone should meet). */
export const NOTES_PER_CONVERSATION = 500;

export type ConversationNoteView = {
  id: string;
  text: string;
  createdAt: Date;
  author: { id: string | null; name: string | null; isYou: boolean; isMember: boolean };
  canDelete: boolean;
};

async function assertConversationVisible(tx: Tx, actor: NoteActor, conversationId: string): Promise<void> {
  const found = await tx.conversation.findFirst({ where: { id: conversationId, ...visibleConversations(actor.workspaceId, actor.role, actor.userId) }, select: { id: true } });
  // Another workspace's conversation, or one assigned to a colleague: the same answer as none.
  if (!found) throw new AppError("NOT_FOUND", "Conversation not found.");
}

/**
 * The notes of a conversation the actor sees, oldest first, decrypted, with their authors' names
 * (a member who left shows as such) and whether the actor may delete each.
 */
export async function listNotes(tx: Tx, actor: NoteActor, conversationId: string): Promise<ConversationNoteView[]> {
  await assertConversationVisible(tx, actor, conversationId);
  const notes = await tx.conversationNote.findMany({
    where: { conversationId, workspaceId: actor.workspaceId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: NOTES_PER_CONVERSATION,
  });
  const authorIds = [...new Set(notes.flatMap((n) => (n.authorId ? [n.authorId] : [])))];
  const members = authorIds.length === 0 ? [] : await tx.membership.findMany({
    where: { workspaceId: actor.workspaceId, userId: { in: authorIds } },
    select: { userId: true, user: { select: { nameEnc: true } } },
  });
  const names = new Map(members.map((m) => [m.userId, decryptOptional(m.user.nameEnc)]));
  return notes.map((n) => ({
    id: n.id,
    text: decrypt(n.textEnc),
    createdAt: n.createdAt,
    author: { id: n.authorId, name: n.authorId ? (names.get(n.authorId) ?? null) : null, isYou: n.authorId === actor.userId, isMember: n.authorId !== null && names.has(n.authorId) },
    canDelete: canDeleteNote(actor.role, actor.userId, n.authorId),
  }));
}

/**
 * Adds a note to a conversation the actor sees (agents and admins: the router's role check).
 * Only the note is written: no reply, no job, nothing for the platform, the agents or a CRM.
 * Audited without its text; open inboxes refetch the conversation.
 */
export async function addNote(tx: Tx, outbox: OutboxWriter, actor: NoteActor, input: AddNoteInput): Promise<ConversationNoteView> {
  await assertConversationVisible(tx, actor, input.conversationId);
  const count = await tx.conversationNote.count({ where: { conversationId: input.conversationId, workspaceId: actor.workspaceId } });
  if (count >= NOTES_PER_CONVERSATION) throw new AppError("BAD_REQUEST", `This conversation already has ${NOTES_PER_CONVERSATION} notes; delete old ones first.`);
  const note = await tx.conversationNote.create({
    data: { workspaceId: actor.workspaceId, conversationId: input.conversationId, authorId: actor.userId, textEnc: encrypt(input.text) },
    select: { id: true, createdAt: true },
  });
  await recordAudit(tx, actor.workspaceId, {
    actor: { type: "USER", id: actor.userId },
    action: "conversation.note.create",
    target: { type: "conversation_note", id: note.id },
    metadata: { conversationId: input.conversationId, length: input.text.length },
  });
  outbox.event({ type: "conversation.updated", conversationId: input.conversationId });
  const membership = await tx.membership.findFirst({ where: { workspaceId: actor.workspaceId, userId: actor.userId }, select: { user: { select: { nameEnc: true } } } });
  return {
    id: note.id,
    text: input.text,
    createdAt: note.createdAt,
    author: { id: actor.userId, name: decryptOptional(membership?.user.nameEnc), isYou: true, isMember: true },
    canDelete: canDeleteNote(actor.role, actor.userId, actor.userId),
  };
}

/**
 * Deletes a note: its author, or an admin. A note on a conversation the actor does not see is
 * not found; someone else's note is refused (FORBIDDEN) and stays. Audited without its text.
 */
export async function deleteNote(tx: Tx, outbox: OutboxWriter, actor: NoteActor, noteId: string): Promise<{ noteId: string; conversationId: string }> {
  const rows = await tx.$queryRaw<Array<{ id: string; conversationId: string; authorId: string | null }>>`
    SELECT id, "conversationId", "authorId" FROM conversation_notes WHERE id = ${noteId} AND "workspaceId" = ${actor.workspaceId} FOR UPDATE`;
  const note = rows[0];
  if (!note) throw new AppError("NOT_FOUND", "Note not found.");
  await assertConversationVisible(tx, actor, note.conversationId).catch(() => {
    throw new AppError("NOT_FOUND", "Note not found.");
  });
  if (!canDeleteNote(actor.role, actor.userId, note.authorId)) throw new AppError("FORBIDDEN", "Only the note's author or an admin can delete it.");
  await tx.conversationNote.deleteMany({ where: { id: noteId, workspaceId: actor.workspaceId } });
  await recordAudit(tx, actor.workspaceId, {
    actor: { type: "USER", id: actor.userId },
    action: "conversation.note.delete",
    target: { type: "conversation_note", id: noteId },
    metadata: { conversationId: note.conversationId, ownNote: note.authorId === actor.userId },
  });
  outbox.event({ type: "conversation.updated", conversationId: note.conversationId });
  return { noteId, conversationId: note.conversationId };
}
