/**
 * Polls an X account for new mentions and DMs (X webhooks need the paid Account Activity API,
 * so polling is the default). Costs on pay-per-use pricing are per call: `calls` says how many
 * this poll made. Refresh is not done here: a 401 throws ChannelAuthError for the token manager.
 *
 * Rate limits: a 429 mid-poll returns what was gathered, with the cursor moved only past the
 * items returned and `retryAfterSeconds` set; when nothing at all could be read because of a
 * 429, it throws ChannelRateLimitedError (retry after its reset). Any other failure (401, 5xx,
 * timeout) throws: nothing was handed out, the stored cursor is unchanged, the next poll
 * re-reads the same items.
 */
import type { ChannelCredentials } from "../connector";
import { ChannelAuthError, ChannelRateLimitedError } from "../connector";
import type { InboundEvent } from "../inbound-event";
import { AppError } from "../../infra/errors/app-error";
import { xRequest } from "./x-client";
import { xConfigFromEnv, type XConfig } from "./x-config";
import { mapDmPage, mapMentionPage, X_DM_FIELDS, X_TWEET_FIELDS, X_USER_FIELDS, xPageSchema } from "./x-map-events";
import { parseXCursor, serialiseXCursor } from "./x-poll-cursor";
import type { XRateLimit } from "./x-rate-limit";
import { walkStream, type FetchPage } from "./x-walk-stream";

export type XPollOptions = { pageSize?: number; maxPages?: number };

export type XPollResult = {
  events: InboundEvent[];
  /** Store it (with the events, in one transaction) and pass it to the next poll. */
  cursor: string;
  calls: { mentions: number; dmEvents: number; total: number };
  rateLimit: { mentions: XRateLimit | null; dmEvents: XRateLimit | null };
  /** Set when a 429 cut this poll short: poll again no sooner. */
  retryAfterSeconds: number | null;
};

const DEFAULTS = { pageSize: 100, maxPages: 5 };

export async function pollX(credentials: ChannelCredentials, cursor: string | null, options: XPollOptions = {}, config: XConfig = xConfigFromEnv()): Promise<XPollResult> {
  const token = credentials.accessToken;
  if (!token) throw new ChannelAuthError("The X channel has no access token.");
  const accountId = credentials.externalId;
  if (!/^\d{1,19}$/.test(accountId)) throw new AppError("BAD_REQUEST", "An X channel's external id must be the account's numeric user id.");
  const pageSize = options.pageSize ?? DEFAULTS.pageSize;
  const maxPages = options.maxPages ?? DEFAULTS.maxPages;
  const state = parseXCursor(cursor);

  const fetchMentions: FetchPage = async (q) => {
    const query = {
      max_results: String(Math.min(100, Math.max(5, pageSize))), since_id: q.sinceId, until_id: q.untilId, pagination_token: q.token,
      "tweet.fields": X_TWEET_FIELDS, expansions: "author_id", "user.fields": X_USER_FIELDS,
    };
    const { data, rateLimit } = await xRequest(config, token, { method: "GET", path: `/2/users/${accountId}/mentions`, query, schema: xPageSchema });
    return { page: mapMentionPage(data, accountId), rateLimit };
  };
  const fetchDms: FetchPage = async (q) => {
    const query = {
      max_results: String(Math.min(100, Math.max(1, pageSize))), pagination_token: q.token, event_types: "MessageCreate",
      "dm_event.fields": X_DM_FIELDS, expansions: "sender_id", "user.fields": X_USER_FIELDS,
    };
    const { data, rateLimit } = await xRequest(config, token, { method: "GET", path: "/2/dm_events", query, schema: xPageSchema });
    return { page: mapDmPage(data, accountId), rateLimit };
  };

  const mentions = await walkStream(state.mentions, fetchMentions, { maxPages, serverSideRange: true });
  const dms = await walkStream(state.dms, fetchDms, { maxPages, serverSideRange: false });
  const waits = [mentions.rateLimitedFor, dms.rateLimitedFor].filter((s): s is number => s !== null);
  if (!mentions.learned && !dms.learned && waits.length > 0) throw new ChannelRateLimitedError("X rate limit reached before anything could be read.", Math.max(...waits));
  return {
    events: [...mentions.events, ...dms.events],
    cursor: serialiseXCursor({ v: 1, mentions: mentions.state, dms: dms.state }),
    calls: { mentions: mentions.calls, dmEvents: dms.calls, total: mentions.calls + dms.calls },
    rateLimit: { mentions: mentions.rateLimit, dmEvents: dms.rateLimit },
    retryAfterSeconds: waits.length > 0 ? Math.max(...waits) : null,
  };
}
