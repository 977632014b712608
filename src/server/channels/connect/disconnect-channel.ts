import type { Platform } from "@/generated/prisma/client";
import { recordAudit } from "../../audit/record-audit";
import { decryptOptional } from "../../infra/crypto/field-crypto";
import type { Tx } from "../../infra/db/tenant";
import { AppError } from "../../infra/errors/app-error";
import { logger } from "../../infra/logger";
import { oauthProviderForPlatform } from "../oauth-providers";
import { connectorFor } from "../registry";
import type { ConnectActor } from "./connect-actor";

type Locked = { id: string; platform: Platform; externalId: string; status: string; accessTokenEnc: string | null; refreshTokenEnc: string | null; tokenExpiresAt: Date | null; metadata: unknown };

/**
 * Disconnects a channel: in one transaction its tokens are wiped, its status becomes
 * DISCONNECTED, an audit entry and a `channel.status` event are recorded (the row lock keeps a
 * token refresh from writing new tokens back). After commit, with the tokens read under that
 * lock, the app is unsubscribed and the tokens revoked where the platform allows; those calls
 * failing is logged, not fatal: the channel is disconnected on our side either way.
 */
export async function disconnectChannel(actor: ConnectActor, channelId: string): Promise<{ disconnected: true }> {
  const locked = await actor.tenant(async (tx, outbox) => {
    const rows = await tx.$queryRaw<Locked[]>`
      SELECT id, platform::text AS platform, "externalId", status::text AS status, "accessTokenEnc", "refreshTokenEnc", "tokenExpiresAt", metadata
        FROM channels WHERE id = ${channelId} AND "workspaceId" = ${actor.workspaceId} FOR UPDATE`;
    const channel = rows[0];
    if (!channel) throw new AppError("NOT_FOUND", "Channel not found.");
    if (channel.platform === "DEMO") throw new AppError("BAD_REQUEST", "The Demo channel cannot be disconnected; clear its data from the Demo page instead.");
    if (channel.status === "DISCONNECTED") return null;
    await tx.channel.update({ where: { id: channel.id }, data: { status: "DISCONNECTED", accessTokenEnc: null, refreshTokenEnc: null, tokenExpiresAt: null } });
    await recordAudit(tx, actor.workspaceId, { actor: { type: "USER", id: actor.userId }, action: "channel.disconnected", target: { type: "channel", id: channel.id }, metadata: { platform: channel.platform } });
    outbox.event({ type: "channel.status", channelId: channel.id, status: "DISCONNECTED" });
    return { channel, pageShared: await sharesPageWithConnected(tx, actor.workspaceId, channel) };
  });
  if (locked?.channel.accessTokenEnc) await releaseOnPlatform(actor, locked.channel, locked.pageShared);
  return { disconnected: true };
}

/**
 * A Facebook Page and the Instagram account linked to it share the Page's token and its
 * subscribed_apps entry: while the other one stays connected, unsubscribing would cut its
 * webhooks too.
 */
async function sharesPageWithConnected(tx: Tx, workspaceId: string, channel: Locked): Promise<boolean> {
  const pageId = channel.platform === "FACEBOOK" ? channel.externalId : channel.platform === "INSTAGRAM" ? pageIdOf(channel.metadata) : null;
  if (!pageId) return false;
  const sibling = await tx.channel.findFirst({
    where: {
      workspaceId,
      id: { not: channel.id },
      status: { not: "DISCONNECTED" },
      OR: [{ platform: "FACEBOOK", externalId: pageId }, { platform: "INSTAGRAM", metadata: { path: ["pageId"], equals: pageId } }],
    },
    select: { id: true },
  });
  return sibling !== null;
}

const pageIdOf = (metadata: unknown) => (typeof metadata === "object" && metadata !== null && "pageId" in metadata && typeof metadata.pageId === "string" ? metadata.pageId : null);

async function releaseOnPlatform(actor: ConnectActor, channel: Locked, pageShared: boolean): Promise<void> {
  const accessToken = decryptOptional(channel.accessTokenEnc);
  if (!accessToken) return;
  const log = { workspaceId: actor.workspaceId, channelId: channel.id, platform: channel.platform };
  const errType = (error: unknown) => ({ type: error instanceof Error ? error.name : typeof error });
  const connector = connectorFor(channel.platform);
  if (connector?.unsubscribe && !pageShared) {
    await connector.unsubscribe({ channelId: channel.id, externalId: channel.externalId, accessToken, secret: null }).catch((error: unknown) => logger.warn({ ...log, err: errType(error) }, "unsubscribe on disconnect failed"));
  }
  const provider = oauthProviderForPlatform(channel.platform);
  if (provider?.revoke) {
    const tokens = { accessToken, refreshToken: decryptOptional(channel.refreshTokenEnc), expiresAt: channel.tokenExpiresAt };
    await provider.revoke(tokens).catch((error: unknown) => logger.warn({ ...log, err: errType(error) }, "token revoke on disconnect failed"));
  }
}
