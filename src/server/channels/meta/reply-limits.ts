/**
 * What a reply may be on Meta, checked before any call (a long reply is refused, never cut).
 * Messenger text: 2,000 characters (Send API reference). Instagram DMs: under 1,000 bytes of
 * UTF-8 (docs/platforms/meta.md; unverified this session). Comment replies: Facebook 8,000
 * characters, Instagram 2,200 (widely cited, not found on a Meta page this session).
 */
import type { ChannelCapabilities } from "../connector";
import type { MetaPlatform } from "./meta-event";

export type MetaReplySurface = "DM" | "COMMENT";

type Limit = { max: number; unit: "chars" | "bytes" };

const LIMITS: Record<MetaPlatform, Record<MetaReplySurface, Limit>> = {
  FACEBOOK: { DM: { max: 2_000, unit: "chars" }, COMMENT: { max: 8_000, unit: "chars" } },
  INSTAGRAM: { DM: { max: 999, unit: "bytes" }, COMMENT: { max: 2_200, unit: "chars" } },
};

const measure = (text: string, unit: Limit["unit"]) => (unit === "bytes" ? Buffer.byteLength(text, "utf8") : [...text].length);

/** Why `text` cannot go out on this surface (a private reply is a DM), or null when it can. */
export function metaReplyProblem(platform: MetaPlatform, surface: MetaReplySurface, text: string): string | null {
  if (text.trim().length === 0) return "The reply is empty.";
  const limit = LIMITS[platform][surface];
  const size = measure(text, limit.unit);
  return size > limit.max ? `The reply is ${size} ${limit.unit === "bytes" ? "bytes of UTF-8" : "characters"}; ${platform} allows ${limit.max} in a ${surface === "DM" ? "message" : "comment reply"}.` : null;
}

/**
 * Both platforms: DMs within 24 h of the customer's last message (7 days with HUMAN_AGENT,
 * only for a person's own reply), public comment replies, automated replies allowed.
 * Instagram's DM limit is in bytes: 999 here is exact for ASCII; metaReplyProblem is exact always.
 */
export const metaCapabilities: Record<MetaPlatform, ChannelCapabilities> = {
  FACEBOOK: { surfaces: ["DM", "COMMENT"], maxReplyChars: { DM: 2_000, COMMENT: 8_000, MENTION: 0 }, replyWindowHours: 24, humanReplyWindowHours: 168, automatedReplies: true },
  INSTAGRAM: { surfaces: ["DM", "COMMENT"], maxReplyChars: { DM: 999, COMMENT: 2_200, MENTION: 0 }, replyWindowHours: 24, humanReplyWindowHours: 168, automatedReplies: true },
};
