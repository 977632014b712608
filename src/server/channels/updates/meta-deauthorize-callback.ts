import { db } from "../../infra/db/client";
import { env } from "../../infra/env/load-env";
import { AppError } from "../../infra/errors/app-error";
import { logger } from "../../infra/logger";
import type { ChannelUpdate } from "../connector";
import { metaGrantHash } from "../meta/grant-hash";
import { parseMetaSignedRequest } from "../meta/parse-signed-request";
import { applyChannelUpdates } from "./apply-channel-updates";

/**
 * Meta's Deauthorize Callback (POST, form field `signed_request`, signed with the app secret):
 * the person whose grant our Page tokens came from removed the app. Their channels are found by
 * the hash of their app-scoped id kept at connect (grant-hash.ts, across workspaces through
 * `meta_channels_granted_by`) and become NEEDS_REAUTH like any `deauthorized` update. A request
 * not signed by us is refused (400); a person we hold no channel for is a no-op. Throws AppError
 * NOT_FOUND when Meta is not configured here.
 */
export async function handleMetaDeauthorizeCallback(form: URLSearchParams): Promise<{ channels: number }> {
  const appSecret = env().META_APP_SECRET;
  if (!appSecret) throw new AppError("NOT_FOUND", "Meta is not configured on this server.");
  const signed = form.get("signed_request");
  const deauthorised = signed ? parseMetaSignedRequest(signed, appSecret) : null;
  if (!deauthorised) throw new AppError("BAD_REQUEST", "Missing or invalid signed_request.");
  const channels = await db().$queryRaw<Array<{ platform: "FACEBOOK" | "INSTAGRAM"; externalId: string }>>`
    SELECT platform, "externalId" FROM meta_channels_granted_by(${metaGrantHash(deauthorised.userId)})`;
  const updates: ChannelUpdate[] = channels.map((c) => ({ type: "deauthorized", platform: c.platform, channelExternalId: c.externalId }));
  if (updates.length > 0) await applyChannelUpdates(updates);
  logger.info({ channels: channels.length }, "Meta deauthorize callback applied");
  return { channels: channels.length };
}
