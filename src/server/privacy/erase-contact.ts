import type { CachePort } from "@/shared/cache-port";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";
import { contactNotFound, loadContactScope } from "./load-contact-scope";
import { deleteCacheEntries } from "./retention-steps";

export const ERASE_ACTION = "privacy.contact.erase";

export type EraseResult = {
  contactId: string;
  /** True when this workspace had already erased the contact: nothing left to do. */
  alreadyErased: boolean;
  counts: { conversations: number; messages: number; replies: number; notes: number; agentRuns: number; cacheEntries: number; leads: number; crmErasureRequests: number };
};

const ZERO: EraseResult["counts"] = { conversations: 0, messages: 0, replies: 0, notes: 0, agentRuns: 0, cacheEntries: 0, leads: 0, crmErasureRequests: 0 };

/**
 * Erases one contact for a data-subject request, in the caller's tenant transaction: the agent
 * runs on their messages, their replies, messages, conversations, lead and CRM links, the
 * contact itself, and the cached LLM answers derived from their messages (deleted last, before
 * the commit; a cache that throws rolls the erasure back). No connector can delete a CRM
 * record, so each CRM record the lead reached is recorded as an erasure request for an admin
 * to carry out (`crm_erasure_requests`). Audit entries stay (ids and counts only, append-only);
 * the erasure adds one. Idempotent: erasing an erased contact answers `alreadyErased`.
 */
export async function eraseContact(tx: Tx, outbox: OutboxWriter, deps: { cache: CachePort }, actor: { workspaceId: string; userId: string }, contactId: string): Promise<EraseResult> {
  const { workspaceId } = actor;
  const scope = await loadContactScope(tx, workspaceId, contactId, { lock: true });
  if (!scope) {
    const done = await tx.auditLog.findFirst({ where: { workspaceId, action: ERASE_ACTION, targetType: "contact", targetId: contactId }, select: { id: true } });
    if (!done) throw contactNotFound();
    return { contactId, alreadyErased: true, counts: ZERO };
  }
  const { conversationIds, messageIds, replyIds, leadId } = scope;

  const runs = await tx.agentRun.findMany({ where: { messageId: { in: messageIds }, workspaceId }, select: { id: true, cacheKey: true } });
  const cacheKeys = [...new Set(runs.flatMap((r) => (r.cacheKey ? [r.cacheKey] : [])))];

  let crmErasureRequests = 0;
  if (leadId) {
    crmErasureRequests = await tx.$executeRaw`
      INSERT INTO crm_erasure_requests (id, "workspaceId", "connectionId", provider, "leadId", "externalId", "requestedById", "requestedAt")
      SELECT 'cer_' || k.id, k."workspaceId", k."connectionId", c.provider, k."leadId", k."externalId", ${actor.userId}, now()
      FROM crm_lead_links k JOIN crm_connections c ON c.id = k."connectionId" AND c."workspaceId" = k."workspaceId"
      WHERE k."leadId" = ${leadId} AND k."workspaceId" = ${workspaceId}
      ON CONFLICT ("connectionId", "leadId") DO NOTHING`;
  }

  const agentRuns = (await tx.agentRun.deleteMany({ where: { id: { in: runs.map((r) => r.id) }, workspaceId } })).count;
  const replies = (await tx.reply.deleteMany({ where: { id: { in: replyIds }, workspaceId } })).count;
  const messages = (await tx.message.deleteMany({ where: { id: { in: messageIds }, workspaceId } })).count;
  // Colleagues' notes on their conversations (the cascade would take them too; counted here).
  const notes = (await tx.conversationNote.deleteMany({ where: { conversationId: { in: conversationIds }, workspaceId } })).count;
  const conversations = (await tx.conversation.deleteMany({ where: { id: { in: conversationIds }, workspaceId } })).count;
  // The lead's CRM links go with it (cascade); their CRM records wait in crm_erasure_requests.
  const leads = leadId ? (await tx.lead.deleteMany({ where: { id: leadId, workspaceId } })).count : 0;
  await tx.contact.deleteMany({ where: { id: contactId, workspaceId } });

  // Last, so a database failure above leaves the cache as it was; a cache failure here rolls the
  // transaction back and nothing is erased.
  try {
    await deleteCacheEntries(deps.cache, cacheKeys);
  } catch {
    throw new AppError("UNAVAILABLE", "The AI cache could not be reached, so nothing was erased. Try again in a minute.");
  }

  const counts = { conversations, messages, replies, notes, agentRuns, cacheEntries: cacheKeys.length, leads, crmErasureRequests };
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: actor.userId }, action: ERASE_ACTION, target: { type: "contact", id: contactId }, metadata: counts });
  // Open inboxes refetch and find the conversation gone.
  for (const conversationId of conversationIds) outbox.event({ type: "conversation.updated", conversationId });
  if (leadId) outbox.event({ type: "lead.updated", leadId });
  return { contactId, alreadyErased: false, counts };
}
