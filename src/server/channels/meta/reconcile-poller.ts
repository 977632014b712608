/**
 * Reconciliation of a Meta channel (issue 9 point 5): webhooks go missing, so every few minutes
 * the recent DMs and comments are read back through the Graph API and whatever the webhooks
 * missed is handed to the pipeline, with the same ids the webhook uses (`mid`, comment id), so
 * a message read here and delivered by a late webhook is stored once. Any failure throws before
 * anything is handed out: the stored cursor is unchanged and the next run re-reads the window.
 */
import { ChannelAuthError, type ChannelCredentials, type ChannelPoller } from "../connector";
import type { InboundEvent } from "../inbound-event";
import { logger } from "../../infra/logger";
import type { MetaGraphConfig } from "./meta-config";
import type { MetaEvent, MetaPlatform } from "./meta-event";
import { advanceCursor, isNew, parseReconcileCursor, readFloor, serialiseReconcileCursor } from "./reconcile-cursor";
import { readConversations, readMediaComments, readPageComments, type ReadContext } from "./reconcile-reads";
import { metaPageId } from "./reconcile-subscription";
import { toInboundEvent } from "./to-inbound-event";

export const META_RECONCILE_INTERVAL_SECONDS = 300;

export type ReconcileOptions = { maxPages?: number; maxPosts?: number; now?: () => number; config?: MetaGraphConfig };
export type ReconcileResult = Awaited<ReturnType<ChannelPoller["poll"]>>;

const DEFAULTS = { maxPages: 4, maxPosts: 10 };

const itemId = (event: MetaEvent) => ("mid" in event ? event.mid : "commentId" in event ? event.commentId : "");

export async function reconcileMeta(platform: MetaPlatform, credentials: ChannelCredentials, cursor: string | null, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  if (!credentials.accessToken) throw new ChannelAuthError(`The ${platform} channel has no access token.`);
  const state = parseReconcileCursor(cursor, (options.now ?? Date.now)());
  const { pageId, calls: lookups } = await metaPageId(platform, credentials, { pageId: state.pageId, config: options.config });
  const calls: ReadContext["calls"] = { total: lookups, ...(lookups > 0 ? { "page.lookup": lookups } : {}) };
  const ctx: ReadContext = {
    platform, accountId: credentials.externalId, pageId, accessToken: credentials.accessToken, floor: readFloor(state),
    maxPages: options.maxPages ?? DEFAULTS.maxPages, maxPosts: options.maxPosts ?? DEFAULTS.maxPosts, calls, config: options.config,
  };
  const read = [...(await readConversations(ctx)), ...(await (platform === "FACEBOOK" ? readPageComments(ctx) : readMediaComments(ctx)))];

  const events: InboundEvent[] = [];
  let skipped = 0;
  for (const item of read) {
    if (!isNew(state, { id: itemId(item), at: item.at.getTime() })) continue;
    const mapped = toInboundEvent(item);
    if (mapped?.ok) events.push(mapped.event);
    else skipped += 1;
  }
  if (skipped > 0) logger.warn({ component: "meta-reconcile", channelId: credentials.channelId, skipped }, "reconciliation skipped items that break the stored shape");
  const next = advanceCursor(state, read.map((item) => ({ id: itemId(item), at: item.at.getTime() })), platform === "INSTAGRAM" ? pageId : null);
  return { events, cursor: serialiseReconcileCursor(next), calls, retryAfterSeconds: null };
}

/** The ChannelPoller of a Meta connector: reconciliation every five minutes. */
export function metaReconcilePoller(platform: MetaPlatform): ChannelPoller {
  return { intervalSeconds: META_RECONCILE_INTERVAL_SECONDS, poll: (credentials, cursor) => reconcileMeta(platform, credentials, cursor) };
}
