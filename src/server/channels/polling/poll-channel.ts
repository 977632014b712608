/**
 * The `poll-channel` job: one poll of one channel (X mentions and DMs; Meta reconciliation).
 * The events and the cursor that follows them are committed in ONE transaction, and only if
 * the stored cursor is still the one this poll started from: a concurrent poll of the same
 * channel that committed first makes this one a no-op (the row lock of the conditional UPDATE
 * orders them). So a cursor survives restarts, and an item is handed to the pipeline once.
 *
 * Failures: a rate limit defers the channel's next poll (lastPolledAt moved so the fan-out
 * waits `retryAfterSeconds`); a rejected token is refreshed once and the poll retried, and a
 * token that cannot be refreshed marks the channel NEEDS_REAUTH (the token manager's door) —
 * neither is retried by the queue. Anything else (platform down, timeout, database) throws and
 * the job's retry policy runs it again; nothing was committed, so nothing is lost.
 */
import type { Platform } from "@/generated/prisma/client";
import { withTenantSql } from "../../infra/db/sql";
import { AppError } from "../../infra/errors/app-error";
import type { JobHandlerContext } from "../../infra/jobs/catalog";
import { logger } from "../../infra/logger";
import { handlerPublisher } from "../../infra/outbox/publishers";
import type { OutboxPublisher } from "../../infra/outbox/relay-outbox";
import { withTenantSqlOutbox } from "../../infra/outbox/with-outbox";
import { storeInboundEvents } from "../../pipeline/store-inbound-events";
import { ChannelAuthError, ChannelRateLimitedError, type ChannelPoller } from "../connector";
import { connectorFor } from "../registry";
import { getChannelCredentials } from "../tokens/get-channel-credentials";
import { markChannelsNeedReauth } from "../tokens/mark-channels-need-reauth";
import { ChannelNeedsReauthError } from "../tokens/token-errors";
import { checkSubscription, type SubscriptionOutcome } from "./subscription-checks";

export type PollCalls = Readonly<Record<string, number>> & { total: number };

export type PollChannelReport =
  | { status: "skipped"; reason: "not-found" | "not-active" | "no-poller" | "deferred" }
  | { status: "needs-reauth" }
  | { status: "rate-limited"; retryAfterSeconds: number }
  /** A concurrent poll of this channel committed first: nothing stored by this one. */
  | { status: "superseded"; calls: PollCalls }
  | { status: "polled"; calls: PollCalls; received: number; stored: number; duplicates: number; retryAfterSeconds: number | null; subscription: SubscriptionOutcome };

type ChannelRow = {
  id: string;
  workspaceId: string;
  platform: Platform;
  externalId: string;
  status: string;
  pollCursor: string | null;
  lastPolledAt: Date | null;
  metadata: unknown;
};

export type PollChannelOptions = { now?: () => Date };

export async function pollChannel(payload: { workspaceId: string; channelId: string }, jobs: JobHandlerContext, options: PollChannelOptions = {}): Promise<PollChannelReport> {
  const now = options.now ?? (() => new Date());
  const { workspaceId, channelId } = payload;
  const publisher = handlerPublisher(jobs.publish);
  const log = { component: "poll", workspaceId, channelId };

  const channel = await loadChannel(workspaceId, channelId);
  if (!channel) return { status: "skipped", reason: "not-found" };
  const poller = connectorFor(channel.platform)?.poller;
  if (!poller) return { status: "skipped", reason: "no-poller" };
  if (channel.status !== "ACTIVE") return { status: "skipped", reason: "not-active" };
  const startedAt = now();
  // Deferred by a rate limit past the normal interval (see defer()): a job queued before that waits too.
  if (channel.lastPolledAt && channel.lastPolledAt.getTime() > startedAt.getTime()) return { status: "skipped", reason: "deferred" };

  let polled: Awaited<ReturnType<typeof pollOnce>>;
  try {
    polled = await pollOnce(channel, poller, publisher);
  } catch (error) {
    if (error instanceof ChannelRateLimitedError) {
      await defer(channel, poller, error.retryAfterSeconds, startedAt);
      logger.info({ ...log, platform: channel.platform, retryAfterSeconds: error.retryAfterSeconds }, "poll rate-limited: next poll deferred");
      return { status: "rate-limited", retryAfterSeconds: error.retryAfterSeconds };
    }
    if (error instanceof ChannelNeedsReauthError) return { status: "needs-reauth" }; // already marked by the token manager
    if (error instanceof AppError && error.code === "NOT_FOUND") return { status: "skipped", reason: "not-found" }; // deleted meanwhile
    if (error instanceof ChannelAuthError) {
      await withTenantSqlOutbox({ workspaceId }, publisher, (tx, outbox) => markChannelsNeedReauth(tx, outbox, workspaceId, [channelId], "poll_rejected"));
      logger.warn({ ...log, platform: channel.platform }, "poll refused the channel's token: channel needs re-auth");
      return { status: "needs-reauth" };
    }
    throw error;
  }
  const { result, credentials } = polled;

  const mine = result.events.filter((e) => e.platform === channel.platform && e.channelExternalId === channel.externalId);
  if (mine.length < result.events.length) logger.warn({ ...log, dropped: result.events.length - mine.length }, "poll returned events of another account: dropped");
  const polledAt = result.retryAfterSeconds ? deferredUntil(poller, result.retryAfterSeconds, startedAt) : startedAt;

  const committed = await withTenantSqlOutbox({ workspaceId }, publisher, async (tx, outbox) => {
    const moved = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE channels SET "pollCursor" = ${result.cursor}, "lastPolledAt" = ${polledAt}::timestamp(3), "updatedAt" = ${startedAt}::timestamp(3)
      WHERE id = ${channelId} AND "workspaceId" = ${workspaceId} AND "pollCursor" IS NOT DISTINCT FROM ${channel.pollCursor}::text
      RETURNING id`;
    if (moved.length === 0) return null;
    if (mine.length === 0) return { stored: 0, duplicates: 0 };
    const rows = await storeInboundEvents(tx, workspaceId, mine.map((event) => ({ event, channelId })));
    // As ingest-event.ts: queue new messages, re-queue known ones whose job never ran (the dedup id keeps a queued one single).
    for (const row of rows) {
      if (row.created || row.status === "RECEIVED") outbox.job("process-message", { workspaceId, messageId: row.messageId }, row.messageId);
      if (row.created) outbox.event({ type: "message.created", conversationId: row.conversationId, messageId: row.messageId });
    }
    const stored = rows.filter((r) => r.created).length;
    return { stored, duplicates: rows.length - stored };
  });

  if (!committed) {
    logger.debug({ ...log, platform: channel.platform, calls: result.calls }, "poll superseded by a concurrent poll of the channel");
    return { status: "superseded", calls: result.calls };
  }
  const subscription = await checkSubscription(channel, credentials, publisher, startedAt);
  const calls: PollCalls = subscription.calls > 0 ? { ...result.calls, subscription: subscription.calls, total: result.calls.total + subscription.calls } : result.calls;
  // Poll cost (X bills per call): the calls this cycle made for this channel.
  logger.debug({ ...log, platform: channel.platform, calls, received: mine.length, ...committed }, "channel polled");
  return { status: "polled", calls, received: mine.length, ...committed, retryAfterSeconds: result.retryAfterSeconds, subscription: subscription.outcome };
}

async function loadChannel(workspaceId: string, channelId: string): Promise<ChannelRow | null> {
  const rows = await withTenantSql({ workspaceId }, (tx) =>
    tx.$queryRaw<ChannelRow[]>`
      SELECT id, "workspaceId", platform::text AS platform, "externalId", status::text AS status, "pollCursor", "lastPolledAt", metadata
      FROM channels WHERE id = ${channelId} AND "workspaceId" = ${workspaceId}`,
  );
  return rows[0] ?? null;
}

/** Polls with fresh credentials; a token the platform refuses is refreshed once (when it can be) and the poll retried. */
async function pollOnce(channel: ChannelRow, poller: ChannelPoller, publisher: OutboxPublisher) {
  const credentials = await getChannelCredentials(channel.workspaceId, channel.id, { publisher });
  try {
    return { result: await poller.poll(credentials, channel.pollCursor), credentials };
  } catch (error) {
    if (!(error instanceof ChannelAuthError) || error instanceof ChannelNeedsReauthError) throw error;
    const fresh = await getChannelCredentials(channel.workspaceId, channel.id, { forceRefresh: true, rejectedAccessToken: credentials.accessToken, publisher });
    if (fresh.accessToken === credentials.accessToken) throw error; // nothing to refresh with (Meta Page tokens)
    return { result: await poller.poll(fresh, channel.pollCursor), credentials: fresh };
  }
}

/** The lastPolledAt that makes the fan-out (due when lastPolledAt < now - interval) wait `retryAfterSeconds`. */
const deferredUntil = (poller: ChannelPoller, retryAfterSeconds: number, from: Date) => new Date(from.getTime() + (retryAfterSeconds - poller.intervalSeconds) * 1000);

/** Only lastPolledAt moves (never backwards): the cursor stays, so the next poll re-reads what this one could not. */
async function defer(channel: ChannelRow, poller: ChannelPoller, retryAfterSeconds: number, from: Date): Promise<void> {
  const until = deferredUntil(poller, retryAfterSeconds, from);
  await withTenantSql({ workspaceId: channel.workspaceId }, (tx) =>
    tx.$executeRaw`
      UPDATE channels SET "lastPolledAt" = ${until}::timestamp(3)
      WHERE id = ${channel.id} AND "workspaceId" = ${channel.workspaceId} AND ("lastPolledAt" IS NULL OR "lastPolledAt" < ${until}::timestamp(3))`,
  );
}
