import { z } from "zod";

/** Job payloads carry ids only: never message text or PII (they sit in queue tables and logs). */
export const processMessagePayload = z.object({ workspaceId: z.string().min(1).max(100), messageId: z.string().min(1).max(100) });
export const sendReplyPayload = z.object({ workspaceId: z.string().min(1).max(100), replyId: z.string().min(1).max(100) });
export const retentionPayload = z.object({}).strict();
export const sweepOutboxPayload = z.object({}).strict();
/** The poll fan-out takes nothing; each poll names one channel of one workspace. */
export const pollChannelsPayload = z.object({}).strict();
/** The token refresh run takes nothing: it finds the channels whose tokens expire soon. */
export const refreshTokensPayload = z.object({}).strict();
export const pollChannelPayload = z.object({ workspaceId: z.string().min(1).max(100), channelId: z.string().min(1).max(100) });
/** The CRM sync fan-out takes nothing: it finds the connections due (`crm_connections_due_for_sync`). */
export const crmSyncPayload = z.object({}).strict();
/** One sync run of one CRM connection; the trigger is recorded on its sync-run row. */
export const crmSyncConnectionPayload = z.object({
  workspaceId: z.string().min(1).max(100),
  connectionId: z.string().min(1).max(100),
  trigger: z.enum(["MANUAL", "RETRY", "SCHEDULED", "CONNECTED"]),
});
/** Retrains the workspace's lead scorer in the background; `requestedBy` is a user id or null (an outcome pulled from a CRM). */
export const retrainScorerPayload = z.object({ workspaceId: z.string().min(1).max(100), requestedBy: z.string().min(1).max(100).nullable() });
/** Notifications (src/server/notifications): the waiting-drafts sweep and the daily digest find their own work. */
export const notifyWaitingDraftsPayload = z.object({}).strict();
export const notificationDigestPayload = z.object({}).strict();
