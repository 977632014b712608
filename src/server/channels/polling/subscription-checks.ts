import type { Platform } from "@/generated/prisma/client";
import { recordAuditMany } from "../../audit/record-audit";
import { env } from "../../infra/env/load-env";
import type { RawSql } from "../../infra/db/sql";
import { logger } from "../../infra/logger";
import type { OutboxPublisher } from "../../infra/outbox/relay-outbox";
import { withTenantSqlOutbox } from "../../infra/outbox/with-outbox";
import type { ChannelCredentials } from "../connector";
import { metaSubscriptionCheck, type SubscriptionCheck } from "../meta/reconcile-subscription";

type Check = (credentials: ChannelCredentials, metadata: unknown) => Promise<SubscriptionCheck>;

/** Platforms whose webhook subscription can drift, checked after each poll (one row per platform). */
const SUBSCRIPTION_CHECKS: Partial<Record<Platform, Check>> = {
  FACEBOOK: metaSubscriptionCheck("FACEBOOK", () => env().META_APP_ID),
  INSTAGRAM: metaSubscriptionCheck("INSTAGRAM", () => env().META_APP_ID),
};

export type SubscriptionOutcome = SubscriptionCheck["status"] | "error" | null;

type Channel = { id: string; workspaceId: string; platform: Platform; metadata: unknown };

/**
 * Checks the channel's webhook subscription and records what it found: `subscriptionCheckedAt`,
 * an audit entry `channel.resubscribed` when the app had to be put back, and when Meta refused
 * to put it back, `metadata.webhookSubscription = "failed"` plus one `channel.resubscribe_failed`
 * audit entry (only when the flag changes, so a lasting failure does not pile up rows). A failure
 * to check at all (down, rate-limited) is logged and left for the next poll: the poll's own
 * results are already committed and never depend on this.
 */
export async function checkSubscription(channel: Channel, credentials: ChannelCredentials, publisher: OutboxPublisher, now = new Date()): Promise<{ outcome: SubscriptionOutcome; calls: number }> {
  const check = SUBSCRIPTION_CHECKS[channel.platform];
  if (!check) return { outcome: null, calls: 0 };
  const log = { component: "poll", workspaceId: channel.workspaceId, channelId: channel.id, platform: channel.platform };
  let result: SubscriptionCheck;
  try {
    result = await check(credentials, channel.metadata);
  } catch (error) {
    logger.warn({ ...log, error: error instanceof Error ? error.name : "Error" }, "webhook subscription check failed; retried at the next poll");
    return { outcome: "error", calls: 0 };
  }
  if (result.status === "failed" && !result.definitive) {
    logger.warn({ ...log, reason: result.reason }, "re-subscribing the app failed for now; retried at the next poll");
    return { outcome: "error", calls: result.calls };
  }
  await withTenantSqlOutbox({ workspaceId: channel.workspaceId }, publisher, (tx, outbox) => recordCheck(tx, channel, result, now, (status) => outbox.event({ type: "channel.status", channelId: channel.id, status })));
  if (result.status !== "subscribed") logger.warn({ ...log, status: result.status }, "webhook subscription was missing");
  return { outcome: result.status, calls: result.calls };
}

async function recordCheck(tx: RawSql, channel: Channel, result: SubscriptionCheck, now: Date, announce: (status: string) => void): Promise<void> {
  const flag = result.status === "failed" ? "failed" : "ok";
  const rows = await tx.$queryRaw<Array<{ previous: string | null }>>`
    UPDATE channels c SET "subscriptionCheckedAt" = ${now}::timestamp(3),
      metadata = jsonb_set(c.metadata, '{webhookSubscription}', to_jsonb(${flag}::text))
    FROM (SELECT metadata->>'webhookSubscription' AS previous FROM channels WHERE id = ${channel.id} AND "workspaceId" = ${channel.workspaceId} FOR UPDATE) p
    WHERE c.id = ${channel.id} AND c."workspaceId" = ${channel.workspaceId}
    RETURNING p.previous`;
  const previous = rows[0]?.previous ?? null;
  const target = { type: "channel", id: channel.id };
  const actor = { type: "SYSTEM" as const };
  if (result.status === "resubscribed") {
    await recordAuditMany(tx, channel.workspaceId, [{ actor, action: "channel.resubscribed", target, metadata: { platform: channel.platform } }], now);
  } else if (result.status === "failed" && previous !== "failed") {
    await recordAuditMany(tx, channel.workspaceId, [{ actor, action: "channel.resubscribe_failed", target, metadata: { platform: channel.platform } }], now);
    announce("subscription_failed");
  }
  if (flag === "ok" && previous === "failed") announce("active");
}
