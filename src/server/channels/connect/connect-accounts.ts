import type { Platform, Prisma } from "@/generated/prisma/client";
import { recordAudit } from "../../audit/record-audit";
import { encrypt, encryptOptional } from "../../infra/crypto/field-crypto";
import { newId } from "../../infra/db/new-id";
import type { Tx } from "../../infra/db/tenant";
import { AppError } from "../../infra/errors/app-error";
import { logger } from "../../infra/logger";
import type { ChannelCredentials } from "../connector";
import type { ConnectableAccount } from "../oauth-provider";
import { connectorFor } from "../registry";
import type { ConnectActor } from "./connect-actor";
import { findOpenFlow } from "./pending-accounts";

const PLATFORM_NAMES: Partial<Record<Platform, string>> = { FACEBOOK: "Facebook Page", INSTAGRAM: "Instagram account", X: "X account" };

/**
 * Step 4: connects the picked accounts, all or none, and spends the flow. An account this
 * workspace already has (even disconnected) gets the new tokens; one connected to another
 * workspace is refused (platform + external id are unique across workspaces) and nothing is
 * connected. After commit, each channel is subscribed to the app's webhooks where the connector
 * can; a failed subscription is logged and left to the reconciliation job to repair.
 */
export async function connectAccounts(actor: ConnectActor, flowId: string, externalIds: string[]): Promise<{ connected: number }> {
  const wanted = new Set(externalIds);
  if (wanted.size === 0) throw new AppError("BAD_REQUEST", "Pick at least one account to connect.");
  const connected = await actor.tenant(async (tx, outbox) => {
    const flow = await findOpenFlow(tx, actor, flowId, { lock: true });
    const picked = flow.accounts.filter((a) => wanted.has(a.externalId));
    if (picked.length !== wanted.size) throw new AppError("BAD_REQUEST", "Pick accounts from the list this connection offered.");
    const channels: Array<{ account: ConnectableAccount; channelId: string }> = [];
    for (const account of picked) {
      const { channelId, reconnected } = await upsertChannel(tx, actor, account);
      channels.push({ account, channelId });
      await recordAudit(tx, actor.workspaceId, {
        actor: { type: "USER", id: actor.userId },
        action: "channel.connected",
        target: { type: "channel", id: channelId },
        metadata: { platform: account.platform, provider: flow.provider, reconnected },
      });
      outbox.event({ type: "channel.status", channelId, status: "ACTIVE" });
      // A polled channel (X) or one reconciled (Meta) is read once right away, so the admin sees
      // its latest messages now rather than at the next scheduled poll.
      if (connectorFor(account.platform)?.poller) outbox.job("poll-channel", { workspaceId: actor.workspaceId, channelId }, `${channelId}.connected.${Date.now()}`);
    }
    await tx.oAuthState.update({ where: { id: flowId }, data: { consumedAt: new Date(), accountsEnc: null } });
    return channels;
  });
  await Promise.all(connected.map(({ account, channelId }) => subscribe(actor, account, channelId)));
  return { connected: connected.length };
}

async function upsertChannel(tx: Tx, actor: ConnectActor, account: ConnectableAccount): Promise<{ channelId: string; reconnected: boolean }> {
  const tokens = { accessTokenEnc: encrypt(account.tokens.accessToken), refreshTokenEnc: encryptOptional(account.tokens.refreshToken), tokenExpiresAt: account.tokens.expiresAt };
  const existing = await tx.channel.findFirst({ where: { workspaceId: actor.workspaceId, platform: account.platform, externalId: account.externalId }, select: { id: true } });
  if (existing) {
    await tx.channel.update({
      where: { id: existing.id },
      data: { ...tokens, name: account.name, status: "ACTIVE", metadata: account.metadata as Prisma.InputJsonObject, connectedById: actor.userId },
    });
    return { channelId: existing.id, reconnected: true };
  }
  // Row-level security hides other workspaces' channels, but not the unique index: a conflict
  // here means another workspace holds this account. DO NOTHING reads no row it may not see.
  const now = new Date();
  const inserted = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO channels (id, "workspaceId", platform, "externalId", name, status, "accessTokenEnc", "refreshTokenEnc", "tokenExpiresAt", metadata, "connectedById", "createdAt", "updatedAt")
    VALUES (${newId()}, ${actor.workspaceId}, ${account.platform}::"Platform", ${account.externalId}, ${account.name}, 'ACTIVE'::"ChannelStatus",
            ${tokens.accessTokenEnc}, ${tokens.refreshTokenEnc}, ${tokens.tokenExpiresAt}::timestamp(3), ${JSON.stringify(account.metadata)}::jsonb, ${actor.userId},
            ${now}::timestamp(3), ${now}::timestamp(3))
    ON CONFLICT (platform, "externalId") DO NOTHING
    RETURNING id`;
  const row = inserted[0];
  if (!row) {
    const what = PLATFORM_NAMES[account.platform] ?? "account";
    throw new AppError("CONFLICT", `The ${what} "${account.name}" is already connected to another Leadline workspace. Disconnect it there first.`);
  }
  return { channelId: row.id, reconnected: false };
}

async function subscribe(actor: ConnectActor, account: ConnectableAccount, channelId: string): Promise<void> {
  const connector = connectorFor(account.platform);
  if (!connector?.subscribe) return;
  const credentials: ChannelCredentials = { channelId, externalId: account.externalId, accessToken: account.tokens.accessToken, secret: null };
  try {
    await connector.subscribe(credentials);
    await actor.tenant((tx) => tx.channel.update({ where: { id: channelId }, data: { subscriptionCheckedAt: new Date() } }));
  } catch (error) {
    logger.warn({ workspaceId: actor.workspaceId, channelId, platform: account.platform, err: { type: error instanceof Error ? error.name : typeof error } }, "webhook subscription after connect failed");
  }
}
