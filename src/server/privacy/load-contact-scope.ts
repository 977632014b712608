import { z } from "zod";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";

export const contactRequestInput = z.object({ contactId: z.string().trim().min(1).max(100) });
export type ContactRequest = z.infer<typeof contactRequestInput>;

/** The ids of everything held about one contact: its conversations, their messages and replies, its lead. */
export type ContactScope = {
  contactId: string;
  conversationIds: string[];
  messageIds: string[];
  replyIds: string[];
  leadId: string | null;
};

/**
 * Finds a contact of this workspace and the ids of what hangs off it; NOT_FOUND otherwise (a
 * contact of another workspace answers the same as none). `lock` takes the contact's row lock
 * so an erasure and a concurrent ingest do not interleave.
 */
export async function loadContactScope(tx: Tx, workspaceId: string, contactId: string, opts: { lock?: boolean } = {}): Promise<ContactScope | null> {
  const found = opts.lock
    ? await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM contacts WHERE id = ${contactId} AND "workspaceId" = ${workspaceId} FOR UPDATE`
    : await tx.contact.findMany({ where: { id: contactId, workspaceId }, select: { id: true } });
  if (found.length === 0) return null;
  const conversations = await tx.conversation.findMany({ where: { contactId, workspaceId }, select: { id: true }, orderBy: { createdAt: "asc" } });
  const conversationIds = conversations.map((c) => c.id);
  const messages = await tx.message.findMany({ where: { conversationId: { in: conversationIds }, workspaceId }, select: { id: true } });
  const replies = await tx.reply.findMany({ where: { conversationId: { in: conversationIds }, workspaceId }, select: { id: true } });
  const lead = await tx.lead.findFirst({ where: { contactId, workspaceId }, select: { id: true } });
  return { contactId, conversationIds, messageIds: messages.map((m) => m.id), replyIds: replies.map((r) => r.id), leadId: lead?.id ?? null };
}

export function contactNotFound(): AppError {
  return new AppError("NOT_FOUND", "Contact not found.");
}
