import { LRUCache } from "lru-cache";
import type { Platform } from "@/generated/prisma/client";
import { decryptOptional } from "../infra/crypto/field-crypto";
import { db } from "../infra/db/client";
import { withTenant } from "../infra/db/tenant";
import { isStorableId } from "./inbound-event";

export type ResolvedChannel = { workspaceId: string; channelId: string; secret: string | null };

/**
 * How long a webhook's channel (its workspace and signing secret) is remembered in this
 * process. Bounded staleness: a deleted channel or a rotated secret is seen within this time,
 * and at once by callers that pass `fresh` (the Demo connector does after a signature mismatch).
 */
const TTL_MS = 30_000;
const MAX_EXTERNAL_ID = 200;
const cache = new LRUCache<string, ResolvedChannel | "unknown">({ max: 10_000, ttl: TTL_MS });

/**
 * Platform + the platform's id of the page/account -> the channel, from the global routing
 * table (no PII) and the channel's secret in its tenant. Hot on every webhook, hence cached.
 */
export async function resolveChannel(platform: Platform, externalId: string, options: { fresh?: boolean } = {}): Promise<ResolvedChannel | null> {
  // Named by a body not yet verified (Demo): what no channel could have is unknown, not a query the database refuses.
  if (!isStorableId(externalId, MAX_EXTERNAL_ID)) return null;
  const key = `${platform}:${externalId}`;
  const cached = options.fresh ? undefined : cache.get(key);
  if (cached !== undefined) return cached === "unknown" ? null : cached;
  const route = await db().channelRoute.findUnique({ where: { platform_externalId: { platform, externalId } } });
  if (!route) {
    cache.set(key, "unknown", { ttl: 5_000 });
    return null;
  }
  const channel = await withTenant({ workspaceId: route.workspaceId }, (tx) =>
    tx.channel.findFirst({ where: { id: route.channelId, workspaceId: route.workspaceId }, select: { secretEnc: true } }),
  );
  if (!channel) {
    cache.set(key, "unknown", { ttl: 5_000 });
    return null;
  }
  const resolved = { workspaceId: route.workspaceId, channelId: route.channelId, secret: decryptOptional(channel.secretEnc) };
  cache.set(key, resolved);
  return resolved;
}

/** Drops a channel from this process' cache (after a change to it here). */
export function forgetChannel(platform: Platform, externalId: string): void {
  cache.delete(`${platform}:${externalId}`);
}
