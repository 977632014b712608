import type { BadgeTone } from "@/components/ui/badge";
import type { Platform } from "@/components/ui/platform-badge";

/** The `channels.*` contract's unions, spelled out so these helpers do not depend on the router's types. */
export type ChannelStatus = "ACTIVE" | "NEEDS_REAUTH" | "DISCONNECTED";
export type ProviderId = "meta" | "x";

export const CHANNEL_STATUS_LABELS: Record<ChannelStatus, string> = {
  ACTIVE: "Active",
  NEEDS_REAUTH: "Needs reconnect",
  DISCONNECTED: "Disconnected",
};

export const CHANNEL_STATUS_TONES: Record<ChannelStatus, BadgeTone> = {
  ACTIVE: "emerald",
  NEEDS_REAUTH: "amber",
  DISCONNECTED: "slate",
};

export const PROVIDER_CONNECT_LABELS: Record<ProviderId, string> = {
  meta: "Connect Facebook & Instagram",
  x: "Connect X",
};

export const PROVIDER_RECONNECT_LABELS: Record<ProviderId, string> = {
  meta: "Reconnect Facebook & Instagram",
  x: "Reconnect X",
};

/** What a server operator sets to enable a provider (src/server/infra/env/schema.ts). */
export const PROVIDER_ENV_VARS: Record<ProviderId, readonly string[]> = {
  meta: ["META_APP_ID", "META_APP_SECRET"],
  x: ["X_CLIENT_ID"],
};

/** Which OAuth provider (re)connects a platform's channels; null for channels not connected by OAuth (Demo). */
export function providerForPlatform(platform: Platform): ProviderId | null {
  if (platform === "FACEBOOK" || platform === "INSTAGRAM") return "meta";
  if (platform === "X") return "x";
  return null;
}

/** Platforms whose messages are fetched on a schedule rather than pushed by webhook. */
const POLLED_PLATFORMS: ReadonlySet<Platform> = new Set<Platform>(["X"]);

export function isPolled(platform: Platform): boolean {
  return POLLED_PLATFORMS.has(platform);
}

/** "@acme" from "acme" or "@acme"; null stays null. */
export function formatHandle(handle: string | null): string | null {
  if (!handle) return null;
  return handle.startsWith("@") ? handle : `@${handle}`;
}

/** "META_APP_ID and META_APP_SECRET", "X_CLIENT_ID". */
export function listEnvVars(provider: ProviderId): string {
  const vars = PROVIDER_ENV_VARS[provider];
  return vars.length <= 1 ? (vars[0] ?? "") : `${vars.slice(0, -1).join(", ")} and ${vars.at(-1)}`;
}
