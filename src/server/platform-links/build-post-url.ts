import type { PlatformValue } from "@/shared/vocabulary";

/**
 * Links back to the original post or comment on its platform, built only from formats the
 * platform documents, from the ids each connector stores (docs/platforms/):
 *
 * - X: mentions are posts; the message id is the post id and the thread id the conversation's
 *   root post (`conversation_id`). `https://x.com/i/web/status/<id>` opens a post by id alone.
 *   DMs have no documented address: no link.
 * - Facebook and Instagram: ids are Graph ids (`<page>_<post>`, `<post>_<comment>`, media and
 *   IGSID ids), not addresses. Meta gives a permalink (the feed webhook's `post.permalink_url`,
 *   the Graph `permalink_url` / `permalink` fields) but the connectors do not store it yet, so
 *   there is no link rather than a guessed one. DMs have no public address.
 * - Demo (no platform behind it), LinkedIn and WhatsApp (no connector): no link.
 */
export type PostKind = "DM" | "COMMENT" | "MENTION";

/** X post ids are unsigned 64-bit integers in decimal (the connector checks the same shape). */
const X_POST_ID = /^\d{1,19}$/;

export function xPostUrl(postId: string): string | null {
  return X_POST_ID.test(postId) ? `https://x.com/i/web/status/${postId}` : null;
}

/** The address of one stored message (inbound, or ours echoed back), or null when there is none to build. */
export function messagePostUrl(platform: PlatformValue, kind: PostKind, platformMessageId: string): string | null {
  if (platform === "X" && kind === "MENTION") return xPostUrl(platformMessageId);
  return null;
}

/** The address of the post a public thread hangs off (X: the root post of the conversation), or null. */
export function threadPostUrl(platform: PlatformValue, kind: PostKind, externalThreadId: string): string | null {
  if (platform === "X" && kind === "MENTION") return xPostUrl(externalThreadId);
  return null;
}
