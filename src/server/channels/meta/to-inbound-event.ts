import { inboundEventSchema, type InboundEvent } from "../inbound-event";
import type { MetaEvent } from "./meta-event";

export type InboundMapping = { ok: true; event: InboundEvent } | { ok: false; reason: string } | null;

function checked(candidate: unknown): InboundMapping {
  const parsed = inboundEventSchema.safeParse(candidate);
  return parsed.success ? { ok: true, event: parsed.data } : { ok: false, reason: `inbound event invalid: ${parsed.error.issues[0]?.path.join(".") ?? "event"}` };
}

/**
 * The events that are new customer messages -> the pipeline's InboundEvent (stored once per
 * channel + platformMessageId: the `mid` for DMs, the comment id for comments). A DM's thread is
 * the customer (PSID / IGSID); a comment's thread is the post or media. Null for the rest
 * (echoes, edits, deletes, receipts), which today's pipeline has no place for; `ok: false` for
 * an event that breaks the stored shape (never thrown: one bad item must not sink its batch).
 */
export function toInboundEvent(event: MetaEvent): InboundMapping {
  if (event.type === "message" || event.type === "postback") {
    return checked({
      platform: event.platform,
      channelExternalId: event.accountId,
      platformMessageId: event.mid,
      threadId: event.senderId,
      kind: "DM",
      sender: { platformUserId: event.senderId },
      // A postback is the person tapping a button: its title is what they "said".
      text: event.type === "message" ? event.text : event.title,
      sentAt: event.at,
    });
  }
  if (event.type === "comment" && event.verb === "add") {
    return checked({
      platform: event.platform,
      channelExternalId: event.accountId,
      platformMessageId: event.commentId,
      threadId: event.postId,
      kind: "COMMENT",
      sender: { platformUserId: event.from.id, displayName: event.from.name?.slice(0, 200), handle: event.from.username?.slice(0, 100) },
      text: event.text ?? "",
      sentAt: event.at,
    });
  }
  return null;
}
