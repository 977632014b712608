import { PLATFORM_LABELS, type Platform } from "@/components/ui/platform-badge";
import { isPolled } from "./channel-labels";

export type ReauthChannel = { platform: Platform; name: string };

/**
 * The reconnect banner's wording for the channels whose access was revoked or expired
 * (NEEDS_REAUTH). Inbound webhooks keep arriving, but replies wait and polled platforms
 * cannot be read without a token, so the banner says what stops. Null when nothing needs it.
 */
export function describeReconnect(channels: readonly ReauthChannel[], isAdmin: boolean): { title: string; body: string } | null {
  const first = channels[0];
  if (!first) return null;
  const one = channels.length === 1;
  const title = one ? `${PLATFORM_LABELS[first.platform]} channel “${first.name}” needs reconnecting` : `${channels.length} channels need reconnecting`;
  const polled = [...new Set(channels.filter((c) => isPolled(c.platform)).map((c) => PLATFORM_LABELS[c.platform]))];
  const parts = [
    `The platform no longer accepts Leadline's access to ${one ? "it" : "them"}, so replies wait until ${one ? "it is" : "they are"} reconnected.`,
    polled.length > 0 ? `New ${polled.join(" and ")} mentions and messages are not fetched until then.` : null,
    isAdmin ? null : `Ask an admin to reconnect ${one ? "it" : "them"}.`,
  ];
  return { title, body: parts.filter((p): p is string => p !== null).join(" ") };
}
