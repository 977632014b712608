import { z } from "zod";
import { PLATFORMS } from "@/shared/vocabulary";

/** Hard cap on a stored message (100 KB of text); longer input is truncated and flagged. */
export const MAX_MESSAGE_CHARS = 100_000;

/** One inbound DM, comment or mention, normalised from any platform's webhook or poll. */
export const inboundEventSchema = z.object({
  platform: z.enum(PLATFORMS),
  channelExternalId: z.string().min(1).max(200),
  platformMessageId: z.string().min(1).max(300),
  threadId: z.string().min(1).max(300),
  kind: z.enum(["DM", "COMMENT", "MENTION"]),
  sender: z.object({
    platformUserId: z.string().min(1).max(300),
    displayName: z.string().max(200).optional(),
    handle: z.string().max(100).optional(),
    followers: z.number().int().min(0).max(10_000_000_000).optional(),
    verified: z.boolean().optional(),
  }),
  text: z.string(),
  sentAt: z.coerce.date(),
});

export type InboundEvent = z.infer<typeof inboundEventSchema>;
