import { z } from "zod";
import { PLATFORMS } from "@/shared/vocabulary";

/** Hard cap on a stored message (100 KB of text); longer input is truncated and flagged. */
export const MAX_MESSAGE_CHARS = 100_000;

/** NUL and the other C0 controls (and DEL): PostgreSQL refuses NUL in text, and no platform id carries any. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
/** Half of a UTF-16 surrogate pair on its own: not text PostgreSQL (UTF-8) can store or compare. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `value` could be a platform id at all: what the database would refuse never is. */
export function isStorableId(value: string, max: number): boolean {
  return value.length >= 1 && value.length <= max && !CONTROL_CHARS.test(value) && !LONE_SURROGATE.test(value);
}

/**
 * A platform's id of an account, message, thread or person. Ids are stored and looked up as
 * they are, so one that the database would refuse is refused here: the connector then skips
 * that item with a reason instead of failing the whole delivery.
 */
export const platformIdSchema = (max: number) =>
  z.string().min(1).max(max).refine((value) => isStorableId(value, max), "must not contain control characters or broken characters");

/** One inbound DM, comment or mention, normalised from any platform's webhook or poll. */
export const inboundEventSchema = z.object({
  platform: z.enum(PLATFORMS),
  channelExternalId: platformIdSchema(200),
  platformMessageId: platformIdSchema(300),
  threadId: platformIdSchema(300),
  kind: z.enum(["DM", "COMMENT", "MENTION"]),
  sender: z.object({
    platformUserId: platformIdSchema(300),
    displayName: z.string().max(200).optional(),
    handle: z.string().max(100).optional(),
    followers: z.number().int().min(0).max(10_000_000_000).optional(),
    verified: z.boolean().optional(),
  }),
  text: z.string(),
  sentAt: z.coerce.date(),
});

export type InboundEvent = z.infer<typeof inboundEventSchema>;
