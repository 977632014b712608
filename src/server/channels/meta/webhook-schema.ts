/**
 * zod shapes of Meta webhook bodies (docs/platforms/meta.md, "Webhooks in"): Messenger and
 * Instagram `messaging[]` items, Page `feed` changes and Instagram `comments` changes, plus
 * `message_edits` (developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events/message-edits,
 * updated 2024-04-09). Unknown fields are dropped; each entry and item is checked on its own.
 */
import { z } from "zod";

/** Ids are strings on the wire, but `app_id` comes as a number. */
const id = z.union([z.string().min(1).max(300), z.number().int().nonnegative()]).transform(String);
const text = z.string().max(200_000);

export const envelopeSchema = z.object({ object: z.string().max(100), entry: z.array(z.unknown()).max(1_000) });

export const entrySchema = z.object({
  id,
  time: z.number().nonnegative(),
  messaging: z.array(z.unknown()).max(1_000).optional(),
  changes: z.array(z.unknown()).max(1_000).optional(),
});

const messageSchema = z.object({
  mid: id,
  text: text.optional(),
  is_echo: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
  app_id: id.optional(),
  /** Ours, on an echo of our send (send-metadata.ts). */
  metadata: z.string().max(1_000).optional(),
  attachments: z.array(z.object({ type: z.string().max(50) })).max(50).optional(),
});

export const messagingItemSchema = z.object({
  sender: z.object({ id }),
  recipient: z.object({ id }),
  timestamp: z.number().nonnegative().optional(),
  message: messageSchema.optional(),
  postback: z.object({ mid: id, title: text.default(""), payload: text.default("") }).optional(),
  message_edit: z.object({ mid: id, text: text.default("") }).optional(),
  // Messenger `message_reads` carries a watermark; Instagram `messaging_seen` names the message read (`mid`).
  read: z.object({ watermark: z.number().nonnegative().optional(), mid: id.optional() }).refine((r) => r.watermark !== undefined || r.mid !== undefined, { message: "watermark or mid" }).optional(),
  delivery: z.object({ mids: z.array(id).max(1_000).optional(), watermark: z.number().nonnegative() }).optional(),
});

export type MessagingItem = z.infer<typeof messagingItemSchema>;

export const changeSchema = z.object({ field: z.string().max(100), value: z.record(z.string(), z.unknown()) });

export const feedCommentSchema = z.object({
  item: z.literal("comment"),
  verb: z.enum(["add", "edited", "remove"]),
  comment_id: id,
  post_id: id,
  parent_id: id.optional(),
  from: z.object({ id, name: z.string().max(300).optional() }),
  message: text.optional(),
  created_time: z.number().nonnegative().optional(),
});

export const instagramCommentSchema = z.object({
  id,
  text: text.optional(),
  from: z.object({ id, username: z.string().max(100).optional() }),
  media: z.object({ id }),
  parent_id: id.optional(),
});
