import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { decryptOptional } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import type { TierValue } from "@/shared/vocabulary";

export async function listLeads(tx: Tx, workspaceId: string, opts: { tier?: TierValue; limit: number }) {
  const rows = await tx.lead.findMany({
    where: { workspaceId, ...(opts.tier ? { tier: opts.tier } : {}) },
    orderBy: [{ score: "desc" }, { updatedAt: "desc" }],
    take: opts.limit,
    include: {
      contact: { select: { displayNameEnc: true, handleEnc: true, followers: true, verified: true, channel: { select: { platform: true } }, conversations: { where: { workspaceId }, select: { id: true }, take: 1, orderBy: { lastMessageAt: "desc" } } } },
      // Where the lead stands in each connected CRM (the badge on the leads table).
      crmLinks: { where: { workspaceId }, select: { state: true, lastError: true, syncedAt: true, connection: { select: { provider: true, label: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  return rows.map(({ contact, crmLinks, ...lead }) => ({
    ...lead,
    crm: crmLinks.map((l) => ({ provider: l.connection.provider, label: l.connection.label, state: l.state, reason: l.lastError, syncedAt: l.syncedAt })),
    contactName: decryptOptional(contact.displayNameEnc) ?? decryptOptional(contact.handleEnc) ?? "Unknown",
    platform: contact.channel.platform,
    followers: contact.followers,
    verified: contact.verified,
    conversationId: contact.conversations[0]?.id ?? null,
  }));
}

export const leadStatusInput = z.object({ leadId: z.string().min(1), status: z.enum(["NEW", "QUALIFIED", "WON", "LOST"]) });

/** Agents qualify leads and mark outcomes; won/lost marks feed the scorer's retraining. */
export async function setLeadStatus(tx: Tx, workspaceId: string, userId: string, input: z.infer<typeof leadStatusInput>) {
  const outcome = input.status === "WON" || input.status === "LOST";
  const { count } = await tx.lead.updateMany({
    where: { id: input.leadId, workspaceId },
    data: { status: input.status, outcomeAt: outcome ? new Date() : null, changedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "Lead not found.");
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "lead.status", target: { type: "lead", id: input.leadId }, metadata: { status: input.status } });
}
