import { AppError } from "../../infra/errors/app-error";
import { env } from "../../infra/env/load-env";
import type { ChannelConnector, ChannelUpdate, ParsedDelivery } from "../connector";
import { handleMetaHandshake } from "./handshake";
import type { MetaEvent, MetaPlatform } from "./meta-event";
import { parseMetaWebhook } from "./parse-webhook";
import { metaReconcilePoller } from "./reconcile-poller";
import { subscribeMetaAccount, unsubscribeMetaAccount } from "./reconcile-subscription";
import { metaCapabilities } from "./reply-limits";
import { sendKeyOf } from "./send-metadata";
import { sendMetaReply } from "./send-reply";
import { toInboundEvent } from "./to-inbound-event";
import { META_SIGNATURE_HEADER, verifyMetaSignature } from "./verify-signature";

/** Signed with the app secret (one for Facebook and Instagram). Unconfigured: an unknown platform, not a broken one. */
export function verifyMetaDelivery(rawBody: string, headers: Headers, appSecret: string | undefined): boolean {
  if (!appSecret) throw new AppError("NOT_FOUND", "Meta webhooks are not configured on this server.");
  return verifyMetaSignature(rawBody, headers.get(META_SIGNATURE_HEADER), appSecret);
}

/**
 * Either Meta object is accepted on either URL (`/api/webhooks/facebook` or `/instagram`): each
 * event names its own platform. New messages, postbacks and new comments become inbound
 * events; echoes of our sends, edits, deletions, receipts and deauthorisations become updates.
 */
export function parseMetaDelivery(rawBody: string): ParsedDelivery {
  const batch = parseMetaWebhook(rawBody);
  const delivery: ParsedDelivery = { events: [], updates: [], skipped: batch.skipped.map((s) => ({ index: s.entryIndex, reason: s.reason })) };
  for (const event of batch.events) {
    const update = toUpdate(event);
    if (update) {
      delivery.updates.push(update);
      continue;
    }
    const mapped = toInboundEvent(event);
    if (mapped?.ok) delivery.events.push(mapped.event);
    else if (mapped) delivery.skipped.push({ index: -1, reason: mapped.reason });
  }
  return delivery;
}

function toUpdate(event: MetaEvent): ChannelUpdate | null {
  if (event.type === "deauthorised") return null; // carries a user, not an account: handled by the deauthorize callback
  const on = { platform: event.platform, channelExternalId: event.accountId };
  switch (event.type) {
    case "echo": {
      const sendKey = sendKeyOf(event.metadata);
      return { type: "echo", ...on, platformMessageId: event.mid, threadId: event.recipientId, text: event.text, sentAt: event.at, ...(event.appId ? { appId: event.appId } : {}), ...(sendKey ? { sendKey } : {}) };
    }
    case "message-edited":
      return { type: "edited", ...on, platformMessageId: event.mid, text: event.text };
    case "message-deleted":
      return { type: "deleted", ...on, platformMessageId: event.mid };
    case "read":
      return { type: "read", ...on, threadId: event.senderId, watermark: event.watermark !== undefined ? new Date(event.watermark) : null, platformMessageIds: event.readMid ? [event.readMid] : [] };
    case "delivery":
      return { type: "delivered", ...on, threadId: event.senderId, watermark: new Date(event.watermark), platformMessageIds: event.mids };
    case "comment":
      if (event.verb === "edited" && event.text !== undefined) return { type: "edited", ...on, platformMessageId: event.commentId, text: event.text };
      if (event.verb === "remove") return { type: "deleted", ...on, platformMessageId: event.commentId };
      return null;
    default:
      return null;
  }
}

function metaConnector(platform: MetaPlatform): ChannelConnector {
  return {
    platform,
    capabilities: metaCapabilities[platform],
    webhook: {
      verify: async (rawBody, headers) => verifyMetaDelivery(rawBody, headers, env().META_APP_SECRET),
      parse: parseMetaDelivery,
      handshake: (params) => {
        const result = handleMetaHandshake(params, env().META_VERIFY_TOKEN);
        return result.ok ? { ok: true, body: result.challenge, contentType: "text/plain" } : result;
      },
    },
    poller: metaReconcilePoller(platform),
    subscribe: (credentials) => subscribeMetaAccount(platform, credentials),
    unsubscribe: (credentials) => unsubscribeMetaAccount(platform, credentials),
    sendReply: (credentials, reply) => sendMetaReply(platform, credentials, reply),
  };
}

export const facebookConnector = metaConnector("FACEBOOK");
export const instagramConnector = metaConnector("INSTAGRAM");
