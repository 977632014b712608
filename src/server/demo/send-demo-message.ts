import { randomUUID } from "node:crypto";
import { z } from "zod";
import { signDemoPayload, DEMO_SIGNATURE_HEADER } from "../channels/demo/sign-demo-payload";
import { decrypt } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { env } from "../infra/env/load-env";
import { AppError } from "../infra/errors/app-error";
import { enforceLimit } from "../infra/ratelimit/enforce-limit";
import { rateLimiter } from "../infra/runtime/ports";

export const demoMessageInput = z.object({
  name: z.string().trim().min(1, "Give the customer a name").max(80),
  handle: z.string().trim().regex(/^@?[A-Za-z0-9_.]{1,30}$/, "Handles are letters, digits, _ and . (up to 30)"),
  followers: z.number().int().min(0).max(1_000_000_000).default(0),
  verified: z.boolean().default(false),
  text: z.string().min(1, "Type a message").max(5_000, "Demo messages are limited to 5,000 characters"),
});

/** The workspace's Demo channel (named explicitly: never another workspace's, whatever RLS does). */
export async function demoChannel(tx: Tx, workspaceId: string) {
  return tx.channel.findFirst({ where: { workspaceId, platform: "DEMO" }, select: { id: true, externalId: true, name: true, secretEnc: true } });
}

/**
 * Plays the customer: builds the Demo channel's webhook payload, signs it with the channel
 * secret and POSTs it to our own webhook endpoint, so it takes exactly the path a real
 * platform event takes (signature -> store -> queue -> agents -> send). Called outside any
 * transaction: the webhook it calls needs the database too.
 *
 * Each send runs the whole pipeline, paid models included, so it is counted per workspace
 * (`demo-send`) and per account across all its workspaces (`demo-send-account`) before anything
 * is posted; over either limit: AppError RATE_LIMITED with `retryAfterSeconds`, nothing sent.
 */
export async function sendDemoMessage(
  sender: { workspaceId: string; userId: string },
  channel: Awaited<ReturnType<typeof demoChannel>>,
  input: z.infer<typeof demoMessageInput>,
): Promise<{ messageId: string }> {
  if (!channel?.secretEnc) throw new AppError("NOT_FOUND", "This workspace has no Demo channel.");
  const limiter = rateLimiter();
  await enforceLimit(limiter, "demo-send", sender.workspaceId, "Demo messages are limited per minute in a workspace. Wait a moment and send again.");
  await enforceLimit(limiter, "demo-send-account", sender.userId, "This account has sent its demo messages for today. Try again tomorrow.");
  const handle = input.handle.replace(/^@/, "");
  const messageId = `demo-${randomUUID()}`;
  const body = JSON.stringify({
    channelId: channel.externalId,
    messageId,
    customer: { id: `demo-user-${handle.toLowerCase()}`, name: input.name, handle, followers: input.followers, verified: input.verified },
    text: input.text,
    sentAt: new Date().toISOString(),
  });
  const res = await fetch(`${env().APP_URL}/api/webhooks/demo`, {
    method: "POST",
    headers: { "content-type": "application/json", [DEMO_SIGNATURE_HEADER]: signDemoPayload(body, decrypt(channel.secretEnc)) },
    body,
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  if (!res?.ok) throw new AppError("UNAVAILABLE", "The demo webhook did not accept the message. Is the app reachable at APP_URL?");
  return { messageId };
}
