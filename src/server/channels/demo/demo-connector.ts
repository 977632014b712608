import { randomUUID } from "node:crypto";
import { z } from "zod";
import { decryptOptional } from "../../crypto/field-crypto";
import { db } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { AppError } from "../../errors/app-error";
import type { ChannelConnector } from "../connector";
import { inboundEventSchema } from "../inbound-event";
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

async function channelSecret(externalId: string): Promise<string | null> {
  const route = await db().channelRoute.findUnique({ where: { platform_externalId: { platform: "DEMO", externalId } } });
  if (!route) return null;
  const channel = await withTenant({ workspaceId: route.workspaceId }, (tx) =>
    tx.channel.findUnique({ where: { id: route.channelId }, select: { secretEnc: true } }),
  );
  return decryptOptional(channel?.secretEnc);
}

/**
 * The Demo channel: no platform behind it. The Demo page plays the customer by posting a
 * signed webhook; replies are "sent" by recording them, and the page shows them in real time.
 */
export const demoConnector: ChannelConnector = {
  platform: "DEMO",
  replyWindowHours: null,

  async parseWebhook(rawBody, headers) {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new AppError("BAD_REQUEST", "Body is not valid JSON.");
    }
    const channelId = (json as { channelId?: unknown } | null)?.channelId;
    const secret = typeof channelId === "string" ? await channelSecret(channelId) : null;
    // Unknown channel and bad signature look the same from outside.
    if (!secret || !verifyDemoSignature(rawBody, secret, headers.get(DEMO_SIGNATURE_HEADER))) {
      throw new AppError("UNAUTHENTICATED", "Invalid webhook signature.");
    }
    const parsed = demoWebhookSchema.safeParse(json);
    if (!parsed.success) throw new AppError("BAD_REQUEST", `Malformed demo event: ${parsed.error.issues[0]?.path.join(".") ?? "body"} is invalid.`);
    const p = parsed.data;
    return [
      inboundEventSchema.parse({
        platform: "DEMO",
        channelExternalId: p.channelId,
        platformMessageId: p.messageId,
        threadId: `demo-thread-${p.customer.id}`,
        kind: "DM",
        sender: { platformUserId: p.customer.id, displayName: p.customer.name, handle: p.customer.handle, followers: p.customer.followers, verified: p.customer.verified },
        text: p.text,
        sentAt: p.sentAt,
      }),
    ];
  },

  async sendReply() {
    return { platformMessageId: `demo-reply-${randomUUID()}` };
  },
};
