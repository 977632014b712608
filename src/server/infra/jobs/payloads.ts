import { z } from "zod";

/** Job payloads carry ids only: never message text or PII (they sit in queue tables and logs). */
export const processMessagePayload = z.object({ workspaceId: z.string().min(1).max(100), messageId: z.string().min(1).max(100) });
export const sendReplyPayload = z.object({ workspaceId: z.string().min(1).max(100), replyId: z.string().min(1).max(100) });
export const retentionPayload = z.object({}).strict();
export const sweepOutboxPayload = z.object({}).strict();
