import type { Platform } from "@/generated/prisma/client";
import { ChannelAuthError, ChannelRateLimitedError, ChannelRejectedError, type ChannelCapabilities, type ChannelConnector, type ChannelCredentials, type OutboundReply } from "../channels/connector";
import { MetaGraphUnavailableError, MetaWindowClosedError } from "../channels/meta/graph-errors";
import { connectorFor } from "../channels/registry";
import { credentialsFor, type ChannelTokenRow } from "../channels/tokens/get-channel-credentials";
import { ChannelNeedsReauthError } from "../channels/tokens/token-errors";
import { XTransientError } from "../channels/x/x-errors";
import { decrypt } from "../infra/crypto/field-crypto";
import type { OutboxPublisher } from "../infra/outbox/relay-outbox";

/** A reply claimed for sending, with what its conversation, contact and channel say (`status` is the channel's). */
export type ClaimedReply = ChannelTokenRow & {
  id: string; conversationId: string; inReplyToPmid: string | null; textEnc: string; approvedById: string | null; source: string; attempts: number;
  kind: "DM" | "COMMENT" | "MENTION"; externalThreadId: string; platformUserIdEnc: string; lastInboundAt: Date | null;
};

/** The note on a reply turned back into a draft because the platform's window closed (shown by describeReplyFlags). */
export const WINDOW_CLOSED_FLAG = "draft: the platform's 24-hour reply window closed";

/** What became of one send. */
export type Attempt = { reply: ClaimedReply } & (
  | { kind: "sent"; platformMessageId: string; humanAgent: boolean }
  /** An automated reply outside the platform's window: back to DRAFT with WINDOW_CLOSED_FLAG. */
  | { kind: "draft" }
  /** Back to QUEUED, sent again no sooner than `retryAfterSeconds`. */
  | { kind: "rate-limited"; retryAfterSeconds: number; message: string }
  /** For good; `markReauth`: the platform refused the channel's token and no refresh can help. */
  | { kind: "failed"; error: Error; markReauth: boolean }
  /** Known not to have reached the platform (or deduplicated by it): back to QUEUED for the job's retry. */
  | { kind: "retry"; error: unknown }
  /** The platform may have posted it (no answer to the call): DELIVERY_UNKNOWN, never re-sent on its own. */
  | { kind: "unknown"; error: unknown }
  /** Another worker took the lease over before this one called the platform: nothing done, nothing to record. */
  | { kind: "lost" }
);

/** A reply ready to go: checked, decrypted, credentials in hand. The platform is not called yet. */
export type PreparedReply = { reply: ClaimedReply; connector: ChannelConnector; credentials: ChannelCredentials; outbound: OutboundReply };

/** The platform call failed in a way that does not say whether it posted the message. */
class OutcomeUnknownError extends Error {
  constructor(readonly platformError: unknown) {
    super(`The platform did not say whether it posted the reply (${platformError instanceof Error ? platformError.name : "error"}).`);
    this.name = "OutcomeUnknownError";
  }
}

/** The message shown on a reply whose outcome is unknown (DELIVERY_UNKNOWN). */
export const UNKNOWN_OUTCOME_NOTE = "The platform did not confirm this send: it may have been posted. Check the conversation on the platform, then resend it or mark it sent.";

const HOUR_MS = 3_600_000;

/** A person wrote this text (their own reply, or an AI draft they edited): only such a reply may use the human window. */
const isPersonsReply = (reply: ClaimedReply) => reply.source === "HUMAN" || reply.source === "AI_EDITED";

/** Where the conversation stands against the platform's DM windows, measured from the customer's last message. */
function windowState(caps: ChannelCapabilities, reply: ClaimedReply, now: number): "open" | "human-only" | "closed" {
  if (reply.kind !== "DM" || caps.replyWindowHours === null || !reply.lastInboundAt) return "open";
  const hours = (now - reply.lastInboundAt.getTime()) / HOUR_MS;
  if (hours <= caps.replyWindowHours) return "open";
  return caps.humanReplyWindowHours !== null && hours <= caps.humanReplyWindowHours ? "human-only" : "closed";
}

/**
 * Gets one claimed reply ready to send, or says why it cannot go (never throws): no connector,
 * a person's reply past the platform's window, credentials the token manager cannot give.
 * Nothing here reaches the platform, so every failure is safe to retry.
 */
export async function prepareReply(workspaceId: string, reply: ClaimedReply, publisher: OutboxPublisher, now = Date.now()): Promise<PreparedReply | Attempt> {
  const connector = connectorFor(reply.platform as Platform);
  if (!connector) return { reply, kind: "failed", error: new ChannelRejectedError(`No connector for ${reply.platform}`), markReauth: false };
  try {
    const window = windowState(connector.capabilities, reply, now);
    if (window === "closed" && isPersonsReply(reply)) throw new ChannelRejectedError("The platform no longer allows a reply in this conversation (its reply window closed).");
    const outbound: OutboundReply = {
      conversationKind: reply.kind,
      threadId: reply.externalThreadId,
      recipientPlatformUserId: decrypt(reply.platformUserIdEnc),
      inReplyToPlatformMessageId: reply.inReplyToPmid,
      text: decrypt(reply.textEnc),
      sendKey: reply.id,
      ...(window === "human-only" && isPersonsReply(reply) ? { humanAgent: true } : {}),
    };
    const credentials = await credentialsFor(workspaceId, reply, { publisher });
    return { reply, connector, credentials, outbound };
  } catch (error) {
    return classify(reply, error, connector);
  }
}

export const isPrepared = (p: PreparedReply | Attempt): p is PreparedReply => "outbound" in p;

/**
 * Sends one prepared reply (its dispatch already recorded) and says what became of it; never
 * throws. A token the platform rejects on a channel with a refresh token is refreshed once
 * (unless another caller already replaced it) and the send retried once; only a definitive
 * refresh failure, or a rejection with no refresh possible, needs the admin. A person's reply
 * between the automated and the human window goes with the platform's human-agent tag; an
 * automated one the platform refuses as outside its window becomes a draft. A call that got no
 * clear answer may have posted: never retried unless the platform deduplicates our send key.
 */
export async function dispatchReply(workspaceId: string, prepared: PreparedReply, publisher: OutboxPublisher): Promise<Attempt> {
  const { reply, connector, credentials, outbound } = prepared;
  try {
    const sent = await sendRefreshingOnce(connector, workspaceId, reply, credentials, outbound, publisher);
    return { reply, kind: "sent", ...sent };
  } catch (error) {
    return classify(reply, error, connector);
  }
}

type Sent = { platformMessageId: string; humanAgent: boolean };

async function sendRefreshingOnce(connector: ChannelConnector, workspaceId: string, reply: ClaimedReply, credentials: ChannelCredentials, outbound: OutboundReply, publisher: OutboxPublisher): Promise<Sent> {
  try {
    return await sendWindowAware(connector, reply, credentials, outbound);
  } catch (error) {
    if (!(error instanceof ChannelAuthError) || reply.refreshTokenEnc === null) throw error;
    // The token looked good but the platform refused it: refresh once, resend once.
    const fresh = await credentialsFor(workspaceId, reply, { forceRefresh: true, rejectedAccessToken: credentials.accessToken, publisher });
    try {
      return await sendWindowAware(connector, reply, fresh, outbound);
    } catch (again) {
      // Refused right after a refresh: reconnecting is the only way (classified as needing re-auth).
      if (again instanceof ChannelAuthError) throw new ChannelAuthError("The platform rejected the channel's token right after a refresh; the channel must be reconnected.");
      throw again;
    }
  }
}

/** A person's reply refused as outside the window while our clock says the human window is open: once more, tagged. */
async function sendWindowAware(connector: ChannelConnector, reply: ClaimedReply, credentials: ChannelCredentials, outbound: OutboundReply): Promise<Sent> {
  try {
    return { platformMessageId: (await callPlatform(connector, credentials, outbound)).platformMessageId, humanAgent: outbound.humanAgent === true };
  } catch (error) {
    if (!(error instanceof MetaWindowClosedError) || outbound.humanAgent || !isPersonsReply(reply) || windowState(connector.capabilities, reply, Date.now()) === "closed") throw error;
    return { platformMessageId: (await callPlatform(connector, credentials, { ...outbound, humanAgent: true })).platformMessageId, humanAgent: true };
  }
}

/**
 * The one platform call. A failure the platform answered for (auth, refusal, rate limit, an
 * error it reported) or one that never reached it passes through; anything else (no answer to
 * the write, an error we cannot place) may have posted the message: OutcomeUnknownError.
 */
async function callPlatform(connector: ChannelConnector, credentials: ChannelCredentials, outbound: OutboundReply) {
  try {
    return await connector.sendReply(credentials, outbound);
  } catch (error) {
    const answered = error instanceof ChannelAuthError || error instanceof ChannelRejectedError || error instanceof ChannelRateLimitedError;
    const notReached = (error instanceof XTransientError || error instanceof MetaGraphUnavailableError) && !error.ambiguous;
    throw answered || notReached ? error : new OutcomeUnknownError(error);
  }
}

function classify(reply: ClaimedReply, error: unknown, connector: ChannelConnector): Attempt {
  if (error instanceof MetaWindowClosedError) {
    return isPersonsReply(reply)
      ? { reply, kind: "failed", error: new ChannelRejectedError("The platform no longer allows a reply in this conversation (its reply window closed)."), markReauth: false }
      : { reply, kind: "draft" };
  }
  if (error instanceof ChannelRateLimitedError) return { reply, kind: "rate-limited", retryAfterSeconds: error.retryAfterSeconds, message: error.message };
  // Already marked (or DISCONNECTED) by the token manager: fail without marking again.
  if (error instanceof ChannelNeedsReauthError) return { reply, kind: "failed", error, markReauth: false };
  if (error instanceof ChannelAuthError) return { reply, kind: "failed", error, markReauth: true };
  if (error instanceof ChannelRejectedError) return { reply, kind: "failed", error, markReauth: false };
  // Resending could post twice, unless the platform drops a second send with the same key.
  if (error instanceof OutcomeUnknownError) return connector.dedupesSendKey ? { reply, kind: "retry", error: error.platformError } : { reply, kind: "unknown", error };
  return { reply, kind: "retry", error };
}
