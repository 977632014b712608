import type { Platform } from "@/generated/prisma/client";
import { usagePeriod } from "../ai/record-agent-runs";
import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import type { RawSql } from "../infra/db/sql";
import type { KnownContact } from "@/shared/privacy/anonymise";

export type WorkspaceSettings = {
  id: string;
  name: string;
  toneGuidelines: string;
  autoReplyEnabled: boolean;
  autoReplyThreshold: number;
  autoReplyComplaints: boolean;
  /** Settings -> Automation, as stored (null: never saved); read through automation/automation-for-message.ts. */
  automationRules: unknown;
  monthlyAiBudgetUsd: number | null;
  /** This month's AI spend, for the budget decision. */
  spentThisMonthUsd: number;
  /** The workspace's own trained scorer (JSON), if any. */
  scorerModel: unknown;
};

/** Everything the agents need about one inbound message. */
export type MessageContext = {
  /** `queuedReplyId`: the AI reply still waiting for its send job, if any. */
  message: { id: string; status: string; sentAt: Date; intent: string | null; queuedReplyId: string | null };
  /** Decrypted text (raw customer data: anonymise before any model sees it). */
  text: string;
  conversation: { id: string; kind: "DM" | "COMMENT" | "MENTION"; autoReplyPaused: boolean };
  channel: { id: string; platform: Platform; status: string; autoReplyEnabled: boolean };
  contact: { id: string; followers: number | null; verified: boolean; trusted: boolean };
  known: KnownContact;
  workspace: WorkspaceSettings;
};

type ContextRow = {
  id: string; status: string; sentAt: Date; intent: string | null; textEnc: string | null; queuedReplyId: string | null;
  conversationId: string; kind: MessageContext["conversation"]["kind"]; autoReplyPaused: boolean;
  channelId: string; platform: Platform; channelStatus: string; channelAutoReply: boolean;
  contactId: string; displayNameEnc: string | null; handleEnc: string | null; followers: number | null; verified: boolean; trusted: boolean;
  /** The workspace's settings, on the first row only. */
  workspace: WorkspaceSettings | null;
};

/**
 * Loads the messages with their conversation, channel and contact, and the workspace's
 * settings, scorer and spend (on the first row, not repeated), in one query in the caller's
 * tenant transaction.
 */
export async function loadMessageContexts(tx: RawSql, workspaceId: string, messageIds: readonly string[]): Promise<Map<string, MessageContext>> {
  const ids = [...messageIds];
  const rows = await tx.$queryRaw<ContextRow[]>`
    SELECT m.id, m.status::text AS status, m."sentAt", m.intent::text AS intent, m."textEnc", r.id AS "queuedReplyId",
           c.id AS "conversationId", c.kind::text AS kind, c."autoReplyPaused",
           ch.id AS "channelId", ch.platform::text AS platform, ch.status::text AS "channelStatus", ch."autoReplyEnabled" AS "channelAutoReply",
           ct.id AS "contactId", ct."displayNameEnc", ct."handleEnc", ct.followers, ct.verified, ct."trustedAt" IS NOT NULL AS trusted,
           CASE WHEN row_number() OVER () = 1 THEN (
             SELECT jsonb_build_object(
               'id', w.id, 'name', w.name, 'toneGuidelines', w."toneGuidelines", 'autoReplyEnabled', w."autoReplyEnabled",
               'autoReplyThreshold', w."autoReplyThreshold", 'autoReplyComplaints', w."autoReplyComplaints", 'automationRules', w."automationRules",
               'monthlyAiBudgetUsd', w."monthlyAiBudgetUsd"::float8,
               'spentThisMonthUsd', (SELECT COALESCE(sum(u."costUsd"), 0)::float8 FROM usage_records u WHERE u."workspaceId" = w.id AND u.period = ${usagePeriod()}),
               'scorerModel', (SELECT s.model FROM scorer_models s WHERE s."workspaceId" = w.id))
             FROM workspaces w WHERE w.id = ${workspaceId})
           END AS workspace
    FROM messages m
    JOIN conversations c ON c.id = m."conversationId" AND c."workspaceId" = ${workspaceId}
    JOIN channels ch ON ch.id = c."channelId" AND ch."workspaceId" = ${workspaceId}
    JOIN contacts ct ON ct.id = c."contactId" AND ct."workspaceId" = ${workspaceId}
    LEFT JOIN replies r ON r."aiForMessageId" = m.id AND r.status = 'QUEUED' AND r."workspaceId" = ${workspaceId}
    WHERE m.id = ANY(${ids}::text[]) AND m."workspaceId" = ${workspaceId}`;
  if (rows.length === 0) return new Map();
  const workspace = rows.find((r) => r.workspace)?.workspace;
  if (!workspace) throw new Error("workspace not visible in this tenant transaction");
  return new Map(rows.map((r) => [r.id, toContext(r, workspace)]));
}

function toContext(r: ContextRow, workspace: WorkspaceSettings): MessageContext {
  return {
    message: { id: r.id, status: r.status, sentAt: r.sentAt, intent: r.intent, queuedReplyId: r.queuedReplyId },
    text: r.textEnc ? decrypt(r.textEnc) : "",
    conversation: { id: r.conversationId, kind: r.kind, autoReplyPaused: r.autoReplyPaused },
    channel: { id: r.channelId, platform: r.platform, status: r.channelStatus, autoReplyEnabled: r.channelAutoReply },
    contact: { id: r.contactId, followers: r.followers, verified: r.verified, trusted: r.trusted },
    known: {
      names: [decryptOptional(r.displayNameEnc)].filter((n): n is string => !!n),
      handles: [decryptOptional(r.handleEnc)].filter((h): h is string => !!h),
    },
    workspace,
  };
}
