import type { CrmLinkState, LeadStatus, LeadTier, Platform } from "@/generated/prisma/client";
import { decryptOptional } from "../../infra/crypto/field-crypto";
import type { CrmActor } from "./crm-actor";
import { loadConnection } from "./load-connection";

export type CrmFailedLead = {
  linkId: string;
  leadId: string;
  state: Extract<CrmLinkState, "FAILED" | "DEAD">;
  /** The CRM's reason, as the connector worded it (no field values). */
  reason: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  failedAt: Date;
  tier: LeadTier;
  score: number;
  status: LeadStatus;
  platform: Platform;
  /** The name agents see in the inbox and leads; null for viewers (no PII on the settings pages). */
  contactName: string | null;
  conversationId: string | null;
};

export const FAILED_SHOWN = 100;

/** Leads of one connection the CRM refused (FAILED, retried with backoff) or gave up on (DEAD), newest first, and how many in all; NOT_FOUND for another workspace's connection. */
export async function listCrmFailedLeads(actor: CrmActor, connectionId: string): Promise<{ total: number; leads: CrmFailedLead[] }> {
  const showNames = actor.role !== "VIEWER";
  return actor.tenant(async (tx) => {
    await loadConnection(tx, actor.workspaceId, connectionId); // NOT_FOUND for another workspace's connection
    const where = { workspaceId: actor.workspaceId, connectionId, state: { in: ["FAILED", "DEAD"] as CrmLinkState[] } };
    const [total, rows] = await Promise.all([
      tx.crmLeadLink.count({ where }),
      tx.crmLeadLink.findMany({
        where,
        orderBy: { updatedAt: "desc" },
        take: FAILED_SHOWN,
        select: {
          id: true, state: true, lastError: true, attempts: true, nextAttemptAt: true, updatedAt: true,
          lead: {
            select: {
              id: true, tier: true, score: true, status: true,
              contact: {
                select: {
                  displayNameEnc: showNames, handleEnc: showNames, channel: { select: { platform: true } },
                  conversations: { where: { workspaceId: actor.workspaceId }, select: { id: true }, take: 1, orderBy: { lastMessageAt: "desc" } },
                },
              },
            },
          },
        },
      }),
    ]);
    return {
      total,
      leads: rows.map((r) => ({
        linkId: r.id,
        leadId: r.lead.id,
        state: r.state === "DEAD" ? "DEAD" : "FAILED",
        reason: r.lastError,
        attempts: r.attempts,
        nextAttemptAt: r.nextAttemptAt,
        failedAt: r.updatedAt,
        tier: r.lead.tier,
        score: r.lead.score,
        status: r.lead.status,
        platform: r.lead.contact.channel.platform,
        contactName: showNames ? (decryptOptional(r.lead.contact.displayNameEnc) ?? decryptOptional(r.lead.contact.handleEnc) ?? "Unknown") : null,
        conversationId: r.lead.contact.conversations[0]?.id ?? null,
      })),
    };
  });
}
