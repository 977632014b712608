/**
 * Builders for the webhook bodies Meta POSTs, shaped like the documented examples:
 * Messenger (developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events,
 * message_echoes page updated 2026-03-18), Page `feed` changes, and Instagram
 * (developers.facebook.com/documentation/instagram-platform/webhooks/examples, updated 2025-11-24).
 * Timestamps are milliseconds in messaging items and entry.time; feed created_time is seconds.
 */
export interface WebhookEntry {
  id: string;
  time: number;
  messaging?: Record<string, unknown>[];
  changes?: { field: string; value: Record<string, unknown> }[];
}

export interface WebhookBody {
  object: "page" | "instagram";
  entry: WebhookEntry[];
}

const stamp = (at?: number) => at ?? Date.now();

function messagingBody(object: WebhookBody["object"], accountId: string, item: Record<string, unknown>): WebhookBody {
  return { object, entry: [{ id: accountId, time: stamp(item.timestamp as number | undefined), messaging: [item] }] };
}

export interface DmArgs {
  pageId: string;
  customerId: string;
  mid: string;
  text: string;
  at?: number;
}

export const messengerMessage = (a: DmArgs) =>
  messagingBody("page", a.pageId, {
    sender: { id: a.customerId },
    recipient: { id: a.pageId },
    timestamp: stamp(a.at),
    message: { mid: a.mid, text: a.text },
  });

export const messengerEcho = (a: DmArgs & { appId: string; metadata?: string }) =>
  messagingBody("page", a.pageId, {
    sender: { id: a.pageId },
    recipient: { id: a.customerId },
    timestamp: stamp(a.at),
    message: { is_echo: true, app_id: Number(a.appId), mid: a.mid, text: a.text, ...(a.metadata ? { metadata: a.metadata } : {}) },
  });

export const messengerPostback = (a: { pageId: string; customerId: string; mid: string; title: string; payload: string; at?: number }) =>
  messagingBody("page", a.pageId, {
    sender: { id: a.customerId },
    recipient: { id: a.pageId },
    timestamp: stamp(a.at),
    postback: { mid: a.mid, title: a.title, payload: a.payload },
  });

export const messengerRead = (a: { pageId: string; customerId: string; watermark: number; at?: number }) =>
  messagingBody("page", a.pageId, {
    sender: { id: a.customerId },
    recipient: { id: a.pageId },
    timestamp: stamp(a.at),
    read: { watermark: a.watermark },
  });

export const messengerDelivery = (a: { pageId: string; customerId: string; mids: string[]; watermark: number }) => ({
  object: "page" as const,
  entry: [
    {
      id: a.pageId,
      time: Date.now(),
      messaging: [{ sender: { id: a.customerId }, recipient: { id: a.pageId }, delivery: { mids: a.mids, watermark: a.watermark } }],
    },
  ],
});

export interface FeedCommentArgs {
  pageId: string;
  postId: string;
  commentId: string;
  /** The post for a top-level comment, the parent comment for a reply. */
  parentId?: string;
  from: { id: string; name: string };
  text?: string;
  verb: "add" | "edited" | "remove";
  at?: number;
}

export function feedComment(a: FeedCommentArgs): WebhookBody {
  const at = stamp(a.at);
  const value: Record<string, unknown> = {
    from: a.from,
    post: { status_type: "added_photos", is_published: true, updated_time: new Date(at).toISOString().replace(/\.\d+Z$/, "+0000"), permalink_url: `https://www.facebook.com/${a.postId}`, promotion_status: "inactive", id: a.postId },
    post_id: a.postId,
    comment_id: a.commentId,
    created_time: Math.floor(at / 1000),
    item: "comment",
    parent_id: a.parentId ?? a.postId,
    verb: a.verb,
  };
  if (a.verb !== "remove") value.message = a.text ?? "";
  return { object: "page", entry: [{ id: a.pageId, time: at, changes: [{ field: "feed", value }] }] };
}

export const instagramMessage = (a: DmArgs & { igId: string }) =>
  messagingBody("instagram", a.igId, {
    sender: { id: a.customerId },
    recipient: { id: a.igId },
    timestamp: stamp(a.at),
    message: { mid: a.mid, text: a.text },
  });

/** Instagram echoes ride on the `messages` field (no separate message_echoes field). */
export const instagramEcho = (a: DmArgs & { igId: string }) =>
  messagingBody("instagram", a.igId, {
    sender: { id: a.igId },
    recipient: { id: a.customerId },
    timestamp: stamp(a.at),
    message: { mid: a.mid, text: a.text, is_echo: true },
  });

export function instagramComment(a: {
  igId: string;
  commentId: string;
  mediaId: string;
  from: { id: string; username: string };
  text: string;
  parentId?: string;
  at?: number;
}): WebhookBody {
  const value: Record<string, unknown> = {
    from: a.from,
    media: { id: a.mediaId, media_product_type: "FEED" },
    id: a.commentId,
    text: a.text,
  };
  if (a.parentId) value.parent_id = a.parentId;
  return { object: "instagram", entry: [{ id: a.igId, time: stamp(a.at), changes: [{ field: "comments", value }] }] };
}

/** Several bodies as one delivery (Meta batches entries of the same object). */
export function batch(...bodies: WebhookBody[]): WebhookBody {
  const first = bodies[0];
  if (!first) throw new Error("batch() needs at least one body");
  if (bodies.some((b) => b.object !== first.object)) throw new Error("batch() bodies must share one object");
  return { object: first.object, entry: bodies.flatMap((b) => b.entry) };
}

/**
 * Messenger `message_edits` (developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events/message-edits,
 * updated 2024-04-09): the customer changed a message; `num_edit` counts edits (at most five).
 * Instagram sends the same `message_edit` item on its `message_edit` field.
 */
export const messageEdit = (a: { object?: WebhookBody["object"]; accountId: string; customerId: string; mid: string; text: string; numEdit?: number; at?: number }) =>
  messagingBody(a.object ?? "page", a.accountId, {
    sender: { id: a.customerId },
    recipient: { id: a.accountId },
    timestamp: stamp(a.at),
    message_edit: { mid: a.mid, text: a.text, num_edit: a.numEdit ?? 1 },
  });

/** Instagram unsend: a `messages` item whose message is `{ mid, is_deleted: true }`. */
export const instagramDeleted = (a: { igId: string; customerId: string; mid: string; at?: number }) =>
  messagingBody("instagram", a.igId, {
    sender: { id: a.customerId },
    recipient: { id: a.igId },
    timestamp: stamp(a.at),
    message: { mid: a.mid, is_deleted: true },
  });

/** Instagram `messaging_seen`: the customer saw our message `mid` (no watermark). */
export const instagramSeen = (a: { igId: string; customerId: string; mid: string; at?: number }) =>
  messagingBody("instagram", a.igId, {
    sender: { id: a.customerId },
    recipient: { id: a.igId },
    timestamp: stamp(a.at),
    read: { mid: a.mid },
  });
