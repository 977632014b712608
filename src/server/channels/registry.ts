import type { Platform } from "@/generated/prisma/client";
import type { ChannelConnector } from "./connector";
import { demoConnector } from "./demo/demo-connector";
import { facebookConnector, instagramConnector } from "./meta/meta-connector";
import { xConnector } from "./x/x-connector";

/** Platform -> connector. The URL segment of /api/webhooks/[platform] is the lower-cased name. */
const CONNECTORS: Partial<Record<Platform, ChannelConnector>> = {
  DEMO: demoConnector,
  FACEBOOK: facebookConnector,
  INSTAGRAM: instagramConnector,
  X: xConnector,
};

export function connectorFor(platform: Platform): ChannelConnector | null {
  return CONNECTORS[platform] ?? null;
}

export function connectorForSlug(slug: string): ChannelConnector | null {
  const platform = slug.toUpperCase() as Platform;
  return Object.hasOwn(CONNECTORS, platform) ? (CONNECTORS[platform] ?? null) : null;
}
