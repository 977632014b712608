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
