import type { Platform } from "@/generated/prisma/client";
import { AppError } from "../../infra/errors/app-error";
import type { Tx } from "../../infra/db/tenant";
import type { ConnectableAccount } from "../oauth-provider";
import { isOAuthProviderId, type OAuthProviderId } from "../oauth-providers";
import type { ConnectActor } from "./connect-actor";
import { openAccounts } from "./flow-accounts";

export type PendingAccount = { externalId: string; platform: Platform; name: string; handle: string | null; alreadyConnected: boolean };

export const flowGone = () => new AppError("NOT_FOUND", "This connection has expired or was already used. Start again from the Channels page.");

/** The flow's row when it is this admin's, exchanged, not yet used and not expired. */
export async function findOpenFlow(tx: Tx, actor: ConnectActor, flowId: string, opts: { lock: boolean }): Promise<{ provider: OAuthProviderId; accounts: ConnectableAccount[] }> {
  const now = new Date();
  // Locked when about to be used: a second pick waits, then finds it consumed.
  if (opts.lock) await tx.$queryRaw`SELECT 1 FROM oauth_states WHERE id = ${flowId} FOR UPDATE`;
  const row = await tx.oAuthState.findFirst({
    where: { id: flowId, workspaceId: actor.workspaceId, userId: actor.userId, exchangedAt: { not: null }, consumedAt: null, accountsEnc: { not: null }, expiresAt: { gt: now } },
    select: { provider: true, accountsEnc: true },
  });
  if (!row?.accountsEnc || !isOAuthProviderId(row.provider)) throw flowGone();
  return { provider: row.provider, accounts: openAccounts(row.accountsEnc) };
}

/** Step 3: what the admin may pick from, without tokens; `alreadyConnected` means active in this workspace (a channel needing re-auth can be picked again to reconnect it). */
export async function pendingAccounts(actor: ConnectActor, flowId: string): Promise<{ provider: OAuthProviderId; accounts: PendingAccount[] }> {
  return actor.tenant(async (tx) => {
    const flow = await findOpenFlow(tx, actor, flowId, { lock: false });
    const connected = await tx.channel.findMany({
      where: { workspaceId: actor.workspaceId, status: "ACTIVE", OR: flow.accounts.map((a) => ({ platform: a.platform, externalId: a.externalId })) },
      select: { platform: true, externalId: true },
    });
    const isConnected = (a: ConnectableAccount) => connected.some((c) => c.platform === a.platform && c.externalId === a.externalId);
    return {
      provider: flow.provider,
      accounts: flow.accounts.map((a) => ({ externalId: a.externalId, platform: a.platform, name: a.name, handle: a.handle, alreadyConnected: isConnected(a) })),
    };
  });
}
