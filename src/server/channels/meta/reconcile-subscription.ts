/**
 * The app's webhook subscription on a Page: `POST|GET|DELETE /{page-id}/subscribed_apps` with
 * the Page token (developers.facebook.com/docs/graph-api/reference/page/subscribed_apps, v26.0
 * copy seen 2026-11-30: "only fields with subscriptions at both the page and app levels will get
 * Webhooks"; POST replaces the field list). An Instagram account's webhooks ride on its linked
 * Page having the app installed (docs/platforms/meta.md), so both platforms subscribe the same
 * Page with the same field list and never undo each other's fields.
 */
import { z } from "zod";
import { ChannelAuthError, ChannelRateLimitedError, ChannelRejectedError, type ChannelCredentials } from "../connector";
import { callGraph } from "./graph-client";
import type { MetaGraphConfig } from "./meta-config";
import type { MetaPlatform } from "./meta-event";

/**
 * Messenger's edits, delivery and read receipts come only on their own fields
 * (src/server/channels/updates/ applies them); a Page subscribed before they were added lacks
 * them, so the next reconciliation re-subscribes it with the full list.
 */
export const PAGE_WEBHOOK_FIELDS = ["messages", "messaging_postbacks", "message_echoes", "message_edits", "message_deliveries", "message_reads", "feed"] as const;

export type SubscriptionOptions = {
  /** The Page behind an Instagram account when already known (saves a `GET /me`). */
  pageId?: string | null;
  /** Our app id (META_APP_ID): other apps installed on the Page don't count as ours. */
  appId?: string | undefined;
  config?: MetaGraphConfig;
};

export type SubscriptionCheck =
  | { status: "subscribed" | "resubscribed"; calls: number }
  /** `definitive`: Meta refused (a missing permission...); otherwise it may work next time. */
  | { status: "failed"; definitive: boolean; reason: string; calls: number };

const success = z.object({ success: z.boolean() });
const installed = z.object({ data: z.array(z.object({ id: z.string(), subscribed_fields: z.array(z.string()).optional() }).passthrough()) });
const node = z.object({ id: z.string().regex(/^\d{1,30}$/) });

/** The Page whose subscription carries this channel's webhooks; with a Page token `/me` is the Page. */
export async function metaPageId(platform: MetaPlatform, credentials: ChannelCredentials, options: SubscriptionOptions = {}): Promise<{ pageId: string; calls: number }> {
  if (platform === "FACEBOOK") return { pageId: credentials.externalId, calls: 0 };
  if (options.pageId) return { pageId: options.pageId, calls: 0 };
  const me = await callGraph({ method: "GET", path: ["me"], accessToken: credentials.accessToken ?? "", params: { fields: "id" }, operation: "page.lookup" }, node, options.config);
  return { pageId: me.id, calls: 1 };
}

async function post(pageId: string, credentials: ChannelCredentials, config: MetaGraphConfig | undefined): Promise<void> {
  await callGraph(
    { method: "POST", path: [pageId, "subscribed_apps"], accessToken: credentials.accessToken ?? "", params: { subscribed_fields: PAGE_WEBHOOK_FIELDS.join(",") }, operation: "subscribed_apps.create" },
    success,
    config,
  );
}

export async function subscribeMetaAccount(platform: MetaPlatform, credentials: ChannelCredentials, options: SubscriptionOptions = {}): Promise<void> {
  const { pageId } = await metaPageId(platform, credentials, options);
  await post(pageId, credentials, options.config);
}

/**
 * Removes the app from the Page. A Page that also carries another connected channel (its
 * Instagram account, or the Page itself) gets it back at that channel's next reconciliation.
 */
export async function unsubscribeMetaAccount(platform: MetaPlatform, credentials: ChannelCredentials, options: SubscriptionOptions = {}): Promise<void> {
  const { pageId } = await metaPageId(platform, credentials, options);
  await callGraph({ method: "DELETE", path: [pageId, "subscribed_apps"], accessToken: credentials.accessToken ?? "", operation: "subscribed_apps.delete" }, success, options.config);
}

/**
 * Checks that the app is still installed on the Page with every field, and re-subscribes when
 * it is not (drift: an admin removed the app, Meta dropped it). Auth and rate-limit errors are
 * thrown for the caller's usual handling; any other failure is reported, not thrown.
 */
export async function ensureMetaSubscription(platform: MetaPlatform, credentials: ChannelCredentials, options: SubscriptionOptions = {}): Promise<SubscriptionCheck> {
  const { pageId, calls: lookups } = await metaPageId(platform, credentials, options);
  let calls = lookups + 1;
  const apps = await callGraph({ method: "GET", path: [pageId, "subscribed_apps"], accessToken: credentials.accessToken ?? "", operation: "subscribed_apps.read" }, installed, options.config);
  const ours = apps.data.filter((app) => !options.appId || app.id === options.appId);
  if (ours.some((app) => PAGE_WEBHOOK_FIELDS.every((field) => app.subscribed_fields?.includes(field)))) return { status: "subscribed", calls };
  try {
    calls += 1;
    await post(pageId, credentials, options.config);
    return { status: "resubscribed", calls };
  } catch (error) {
    if (error instanceof ChannelAuthError || error instanceof ChannelRateLimitedError) throw error;
    const reason = error instanceof Error ? error.message : "unknown error";
    return { status: "failed", definitive: error instanceof ChannelRejectedError, reason, calls };
  }
}

const channelMetadata = z.object({ pageId: z.string().regex(/^\d{1,30}$/).optional() }).passthrough();

/**
 * The check as the poll job runs it for a Meta channel: the Page behind an Instagram account
 * comes from the channel's metadata (`{ pageId }`, written at connect time) when it is there.
 */
export function metaSubscriptionCheck(platform: MetaPlatform, appId: () => string | undefined) {
  return (credentials: ChannelCredentials, metadata: unknown): Promise<SubscriptionCheck> => {
    const parsed = channelMetadata.safeParse(metadata);
    return ensureMetaSubscription(platform, credentials, { pageId: parsed.success ? parsed.data.pageId : undefined, appId: appId() });
  };
}
