import { markChannelsNeedReauth } from "../tokens/mark-channels-need-reauth";
import { applied, unchanged, type UpdateContext, type UpdateOutcome } from "./update-context";

/**
 * The app was removed from the account (or its grant revoked): the channel becomes
 * NEEDS_REAUTH, not DISCONNECTED. An admin can bring it back by reconnecting (the reconnect
 * banner, one audit entry, a `channel.status` event), DISCONNECTED stays the admin's own
 * decision (it wipes the tokens), and inbound that still arrives keeps being stored. A Facebook
 * Page takes the Instagram accounts linked to it along: they speak with its token.
 */
export async function applyDeauthorization(ctx: UpdateContext, platform: string): Promise<UpdateOutcome> {
  const { tx, workspaceId, channelId, now } = ctx;
  const linked =
    platform === "FACEBOOK"
      ? await tx.$queryRaw<Array<{ id: string }>>`
          SELECT ig.id FROM channels ig JOIN channels page ON page.id = ${channelId} AND page."workspaceId" = ${workspaceId}
          WHERE ig."workspaceId" = ${workspaceId} AND ig.platform = 'INSTAGRAM' AND ig.metadata->>'pageId' = page."externalId"`
      : [];
  const changed = await markChannelsNeedReauth(tx, ctx.outbox, workspaceId, [channelId, ...linked.map((c) => c.id)], "deauthorized", now);
  return changed.length > 0 ? applied : unchanged;
}
