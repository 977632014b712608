/**
 * Meta's Send API has no idempotency key, but a message may carry `metadata` (a string of up to
 * 1,000 characters) that Meta hands back on the echo of that message (message_echoes webhook,
 * `message.metadata`; developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events/message-echoes).
 * We put our send key (the reply id) there, so an echo names the reply it confirms even when the
 * send's own answer never reached us.
 */
const PREFIX = "leadline:reply:";

export const sendMetadata = (sendKey: string): string => `${PREFIX}${sendKey}`;

/** The send key in an echo's metadata, when the echo is of a send of ours. */
export function sendKeyOf(metadata: string | undefined): string | undefined {
  if (!metadata?.startsWith(PREFIX)) return undefined;
  const key = metadata.slice(PREFIX.length);
  return /^[A-Za-z0-9_-]{1,100}$/.test(key) ? key : undefined;
}
