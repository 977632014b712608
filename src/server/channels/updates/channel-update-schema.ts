import { z } from "zod";
import { MAX_MESSAGE_CHARS, platformIdSchema } from "../inbound-event";

const platform = z.enum(["FACEBOOK", "INSTAGRAM", "X", "LINKEDIN", "WHATSAPP", "DEMO"]);
const id = platformIdSchema(300);
const on = { platform, channelExternalId: id };
const date = z.date().refine((d) => !Number.isNaN(d.getTime()), "invalid date");

/**
 * A ChannelUpdate checked before it touches the database: connectors build them from untrusted
 * bodies, so a bad one (an invalid date, an oversized id) becomes a logged skip, not a 500.
 * Text longer than a stored message may be is cut later, like inbound text.
 */
export const channelUpdateSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("echo"), ...on, platformMessageId: id, threadId: id, text: z.string().max(MAX_MESSAGE_CHARS * 2), sentAt: date, appId: id.optional(), sendKey: id.optional() }),
  z.object({ type: z.literal("edited"), ...on, platformMessageId: id, text: z.string().max(MAX_MESSAGE_CHARS * 2) }),
  z.object({ type: z.literal("deleted"), ...on, platformMessageId: id }),
  z.object({ type: z.enum(["delivered", "read"]), ...on, threadId: id, watermark: date.nullable(), platformMessageIds: z.array(id).max(1_000) })
    .refine((u) => u.watermark !== null || u.platformMessageIds.length > 0, "a receipt needs a watermark or message ids"),
  z.object({ type: z.literal("deauthorized"), ...on }),
]);
