import { randomUUID } from "node:crypto";
import { z } from "zod";
import { REPLY_LIMITS } from "@/shared/reply-limits";
import { AppError } from "../../infra/errors/app-error";
import type { ChannelConnector, ParsedDelivery } from "../connector";
import { inboundEventSchema } from "../inbound-event";
import { resolveChannel } from "../resolve-channel";
import { DEMO_SIGNATURE_HEADER, verifyDemoSignature } from "./sign-demo-payload";

/** What the Demo page posts (signed like a platform webhook). */
export const demoWebhookSchema = z.object({
  channelId: z.string().min(1).max(200),
  messageId: z.string().min(1).max(200),
  customer: z.object({
    id: z.string().min(1).max(200),
    name: z.string().max(200).optional(),
    handle: z.string().max(100).optional(),
    followers: z.number().int().min(0).max(10_000_000_000).optional(),
    verified: z.boolean().optional(),
  }),
  text: z.string(),
  sentAt: z.string().datetime(),
});

/** Checks the signature with the cached secret, and once more with a fresh one (a rotated secret). */
async function signatureHolds(externalId: string, rawBody: string, signature: string | null): Promise<boolean> {
  for (const fresh of [false, true]) {
    const channel = await resolveChannel("DEMO", externalId, { fresh });
    if (!channel?.secret) return false;
    if (verifyDemoSignature(rawBody, channel.secret, signature)) return true;
  }
  return false;
}

/**
 * The Demo channel: no platform behind it. The Demo page plays the customer by posting a
 * signed webhook; replies are "sent" by recording them, and the page shows them in real time.
 * Its message id is derived from the send key, so sending one reply twice is one message.
 */
export const demoConnector: ChannelConnector = {
  platform: "DEMO",
  capabilities: { surfaces: ["DM"], replyLimits: REPLY_LIMITS.DEMO, replyWindowHours: null, humanReplyWindowHours: null, automatedReplies: true },
  webhook: { verify: verifyDemoDelivery, parse: parseDemoDelivery },

  async sendReply(_credentials, reply) {
    return { platformMessageId: `demo-reply-${reply.sendKey ?? randomUUID()}` };
  },
  dedupesSendKey: true,
};

/** Signed with the channel's own secret, named by the body's channelId: unknown channel and bad signature look the same. */
async function verifyDemoDelivery(rawBody: string, headers: Headers): Promise<boolean> {
  const channelId = channelIdOf(rawBody);
  return typeof channelId === "string" && signatureHolds(channelId, rawBody, headers.get(DEMO_SIGNATURE_HEADER));
}

/** A body that is not JSON is malformed (400) before any signature could be looked up. */
function channelIdOf(rawBody: string): unknown {
  try {
    return (JSON.parse(rawBody) as { channelId?: unknown } | null)?.channelId;
  } catch {
    throw new AppError("BAD_REQUEST", "Body is not valid JSON.");
  }
}

function parseDemoDelivery(rawBody: string): ParsedDelivery {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new AppError("BAD_REQUEST", "Body is not valid JSON.");
    }
    const parsed = demoWebhookSchema.safeParse(json);
    if (!parsed.success) throw new AppError("BAD_REQUEST", `Malformed demo event: ${parsed.error.issues[0]?.path.join(".") ?? "body"} is invalid.`);
    const p = parsed.data;
    const event = inboundEventSchema.safeParse({
      platform: "DEMO",
      channelExternalId: p.channelId,
      platformMessageId: p.messageId,
      threadId: `demo-thread-${p.customer.id}`,
      kind: "DM",
      sender: { platformUserId: p.customer.id, displayName: p.customer.name, handle: p.customer.handle, followers: p.customer.followers, verified: p.customer.verified },
      text: p.text,
      sentAt: p.sentAt,
    });
    // An event the store would refuse (a control character in an id) is skipped with the field named, never a 500.
    if (!event.success) return { events: [], updates: [], skipped: [{ index: 0, reason: `inbound event invalid: ${event.error.issues[0]?.path.join(".") ?? "event"}` }] };
    return { events: [event.data], updates: [], skipped: [] };
}
