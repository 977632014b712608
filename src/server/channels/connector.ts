import type { Platform } from "@/generated/prisma/client";
import type { LengthLimit, ReplySurface } from "@/shared/reply-limits";
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
  /** A person's own reply outside the automated window but inside the human one (Meta: sent with the HUMAN_AGENT tag). */
  humanAgent?: boolean;
  /**
   * Our id for this send (the reply id), the same on every attempt. A platform that deduplicates
   * by it (`ChannelConnector.dedupesSendKey`) posts it at most once; Meta's Send API echoes it
   * back (`message.metadata`), which settles a send whose outcome we never learned.
   */
  sendKey?: string;
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

/** The platform asks us to slow down: retry no sooner than `retryAfterSeconds`. */
export class ChannelRateLimitedError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = "ChannelRateLimitedError";
  }
}

/**
 * What a platform allows, obeyed by the reply agent and by a person's reply alike: the
 * surfaces it carries (a reply to any other kind of conversation is refused), the longest reply
 * per surface (the row of src/shared/reply-limits.ts, the one table), the window after the customer's last
 * message in which any reply may go out (and the longer one open only to a person's own reply,
 * such as Messenger's HUMAN_AGENT tag), and whether automated replies are allowed at all.
 */
export type ChannelCapabilities = {
  surfaces: ReadonlyArray<"DM" | "COMMENT" | "MENTION">;
  replyLimits: Readonly<Record<ReplySurface, LengthLimit>>;
  replyWindowHours: number | null;
  humanReplyWindowHours: number | null;
  automatedReplies: boolean;
};

/**
 * A platform-side change that is not a new message (src/server/channels/updates/ applies them):
 * a send of the account echoed back (ours, or a colleague's from another tool), a customer's
 * edit or deletion, delivery / read receipts of our sends in one thread, a revoked app.
 * `threadId` is the conversation's platform thread (the customer for a DM).
 */
export type ChannelUpdate =
  | { type: "echo"; platform: Platform; channelExternalId: string; platformMessageId: string; threadId: string; text: string; sentAt: Date; appId?: string; /** Ours: the reply this echo confirms (Meta `message.metadata`). */ sendKey?: string }
  | { type: "edited"; platform: Platform; channelExternalId: string; platformMessageId: string; text: string }
  | { type: "deleted"; platform: Platform; channelExternalId: string; platformMessageId: string }
  | {
      type: "delivered" | "read";
      platform: Platform;
      channelExternalId: string;
      threadId: string;
      /** Every send of ours in the thread up to this instant (null when the platform names messages instead). */
      watermark: Date | null;
      /** Sends named one by one (Messenger `delivery.mids`, Instagram `read.mid`). */
      platformMessageIds: string[];
    }
  | { type: "deauthorized"; platform: Platform; channelExternalId: string };

/** One webhook body, parsed: a bad item is skipped with a reason (field names only), never drops the rest. */
export type ParsedDelivery = {
  events: InboundEvent[];
  updates: ChannelUpdate[];
  skipped: Array<{ index: number; reason: string }>;
};

export type HandshakeResult = { ok: true; body: string; contentType: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/** Inbound by webhook: verification split from parsing, and the platform's GET handshake. */
export interface ChannelWebhook {
  /**
   * Checks the signature on the exact bytes received. Throws AppError NOT_FOUND when this server
   * is not configured for the platform; false means a forged or corrupted delivery (401).
   */
  verify(rawBody: string, headers: Headers): Promise<boolean>;
  /** Throws AppError BAD_REQUEST only when the body is not the platform's envelope at all. */
  parse(rawBody: string): ParsedDelivery;
  /** GET verification: Meta's hub.challenge with a verify token, X's CRC response_token. */
  handshake?(params: URLSearchParams): HandshakeResult;
}

/** Inbound by polling (X) or reconciliation of missed webhooks (Meta): events since a cursor. */
export interface ChannelPoller {
  /** How often a connected channel is polled. */
  intervalSeconds: number;
  /**
   * Events after `cursor` (null: the first poll, which takes only the latest page) and the cursor
   * to store with them, atomically. `calls` counts the platform requests made (poll cost).
   * Throws ChannelAuthError / ChannelRateLimitedError / a transient error; the stored cursor
   * then re-reads the same items next time.
   */
  poll(credentials: ChannelCredentials, cursor: string | null): Promise<{ events: InboundEvent[]; cursor: string; calls: Readonly<Record<string, number>> & { total: number }; retryAfterSeconds: number | null }>;
}

/**
 * One connector per platform (src/server/channels/<platform>/). Adding a platform is adding a
 * folder and a row in the registry. Inbound is by webhook, by polling, or both; connecting is
 * the OAuth provider's job (src/server/channels/oauth-provider.ts).
 */
export interface ChannelConnector {
  platform: Platform;
  capabilities: ChannelCapabilities;
  webhook?: ChannelWebhook;
  poller?: ChannelPoller;
  /** Subscribe the connected account to the app's webhooks, and undo it on disconnect. */
  subscribe?(credentials: ChannelCredentials): Promise<void>;
  unsubscribe?(credentials: ChannelCredentials): Promise<void>;
  sendReply(credentials: ChannelCredentials, reply: OutboundReply): Promise<{ platformMessageId: string }>;
  /**
   * True when a second `sendReply` with the same `sendKey` cannot post a second message (an
   * idempotency key honoured by the platform): a send whose outcome is unknown is then simply
   * sent again. Otherwise (Meta, X: no such key) it waits as DELIVERY_UNKNOWN for an echo or a person.
   */
  dedupesSendKey?: boolean;
}
