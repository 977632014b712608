import type { Platform } from "@/generated/prisma/client";
import type { InboundEvent } from "./inbound-event";

export type ChannelCredentials = {
  channelId: string;
  externalId: string;
  accessToken: string | null;
  secret: string | null;
};

export type OutboundReply = {
  conversationKind: "DM" | "COMMENT" | "MENTION";
  threadId: string;
  recipientPlatformUserId: string;
  inReplyToPlatformMessageId: string | null;
  text: string;
};

/** The platform rejected our token: the channel needs the admin to reconnect it. */
export class ChannelAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChannelAuthError";
  }
}

/** The platform refused this reply for good (window closed, recipient gone...): don't retry. */
export class ChannelRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChannelRejectedError";
  }
}

/**
 * One connector per platform (src/server/channels/<platform>/). Adding a platform is adding a
 * folder and a row in the registry.
 */
export interface ChannelConnector {
  platform: Platform;
  /** Hours after the customer's last message during which a reply may be sent (null: no window). */
  replyWindowHours: number | null;
  /**
   * Verifies the webhook signature on the raw body and returns the normalised events, or
   * throws AppError UNAUTHENTICATED (bad signature) / BAD_REQUEST (malformed body).
   */
  parseWebhook(rawBody: string, headers: Headers): Promise<InboundEvent[]>;
  sendReply(credentials: ChannelCredentials, reply: OutboundReply): Promise<{ platformMessageId: string }>;
}
