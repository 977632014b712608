/**
 * Account Activity API plumbing (docs.x.com/x-api/webhooks/quickstart and
 * developer.x.com/en/docs/x-api/enterprise/account-activity-api/guides/securing-webhooks, seen
 * 2026-11): the CRC answer `{ response_token: "sha256=" + base64(HMAC-SHA256(consumer secret,
 * crc_token)) }` and `x-twitter-webhooks-signature: sha256=<base64 HMAC of the raw body>`.
 * Event bodies keep the v1.1 shapes AAA delivers (tweet_create_events, direct_message_events).
 */
import { createHmac, randomUUID } from "node:crypto";
import type { XDmEvent, XTweet, XUser } from "./state";

export function crcResponseToken(crcToken: string, consumerSecret: string): string {
  return `sha256=${createHmac("sha256", consumerSecret).update(crcToken).digest("base64")}`;
}

export function signActivityBody(raw: string | Buffer, consumerSecret: string): string {
  return `sha256=${createHmac("sha256", consumerSecret).update(raw).digest("base64")}`;
}

/** X's CRC GET against the app's webhook; `ok` when the answer carries the right token. */
export async function runCrc(webhookUrl: string, consumerSecret: string): Promise<{ status: number; ok: boolean }> {
  const crcToken = randomUUID();
  const url = new URL(webhookUrl);
  url.searchParams.set("crc_token", crcToken);
  const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  const text = await res.text();
  let token: unknown;
  try {
    token = (JSON.parse(text) as { response_token?: unknown }).response_token;
  } catch {
    token = undefined;
  }
  return { status: res.status, ok: res.status === 200 && token === crcResponseToken(crcToken, consumerSecret) };
}

export async function deliverActivity(webhookUrl: string, payload: unknown, consumerSecret: string): Promise<{ status: number; body: string }> {
  const raw = JSON.stringify(payload);
  const res = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-twitter-webhooks-signature": signActivityBody(raw, consumerSecret) },
    body: raw,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
}

const v1User = (u: XUser) => ({ id: Number(u.id), id_str: u.id, name: u.name, screen_name: u.username });

export function tweetCreateEvent(forUserId: string, tweet: XTweet, author: XUser) {
  return {
    for_user_id: forUserId,
    tweet_create_events: [
      {
        created_at: new Date(tweet.createdAt).toUTCString().replace(/GMT$/, "+0000"),
        id: Number(tweet.id),
        id_str: tweet.id,
        text: tweet.text,
        in_reply_to_status_id_str: tweet.referenced.find((r) => r.type === "replied_to")?.id ?? null,
        in_reply_to_user_id_str: tweet.inReplyToUserId ?? null,
        user: v1User(author),
      },
    ],
  };
}

export function directMessageEvent(forUserId: string, event: XDmEvent, users: XUser[]) {
  return {
    for_user_id: forUserId,
    direct_message_events: [
      {
        type: "message_create",
        id: event.id,
        created_timestamp: String(event.createdAt),
        message_create: { target: { recipient_id: event.recipientId }, sender_id: event.senderId, message_data: { text: event.text, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } } },
      },
    ],
    users: Object.fromEntries(users.map((u) => [u.id, { id: u.id, name: u.name, screen_name: u.username }])),
  };
}
