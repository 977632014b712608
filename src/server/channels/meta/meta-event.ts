/** The two Leadline platforms that ride on Meta's Graph API and webhooks. */
export type MetaPlatform = "FACEBOOK" | "INSTAGRAM";

type OnAccount = {
  platform: MetaPlatform;
  /** The Page id (Facebook) or Instagram professional account id the webhook entry is for. */
  accountId: string;
  at: Date;
};

/**
 * Everything a Meta webhook can tell us, normalised. Only `message`, `postback` and a
 * comment `add` become inbound messages today; the rest is for the lifecycle to come
 * (echoes of our own sends, edits, deletes, read receipts, deauthorisation).
 */
export type MetaEvent =
  | (OnAccount & { type: "message"; mid: string; senderId: string; text: string })
  | (OnAccount & { type: "postback"; mid: string; senderId: string; title: string; payload: string })
  | (OnAccount & { type: "echo"; mid: string; recipientId: string; text: string; appId: string | undefined; metadata?: string | undefined })
  | (OnAccount & { type: "message-edited"; mid: string; senderId: string; text: string })
  | (OnAccount & { type: "message-deleted"; mid: string; senderId: string })
  | (OnAccount & { type: "read"; senderId: string; watermark: number | undefined; readMid: string | undefined })
  | (OnAccount & { type: "delivery"; senderId: string; mids: string[]; watermark: number })
  | (OnAccount & {
      type: "comment";
      verb: "add" | "edited" | "remove";
      commentId: string;
      /** Facebook post id or Instagram media id: the comment thread. */
      postId: string;
      parentId: string | undefined;
      from: { id: string; name: string | undefined; username: string | undefined };
      text: string | undefined;
    })
  | { type: "deauthorised"; userId: string; at: Date };

export type MetaSkip = { entryIndex: number; reason: string };

export type MetaWebhookBatch = { events: MetaEvent[]; skipped: MetaSkip[] };
