import type { CrmProvider, Prisma } from "@/generated/prisma/client";
import { recordAudit } from "../../audit/record-audit";
import type { Tx } from "../../infra/db/tenant";
import type { OutboxWriter } from "../../infra/outbox/outbox-entry";
import { crmConnectorFor } from "../crm-registry";
import { requestCrmSync } from "../sync/request-sync";
import type { CrmConnectActor } from "./crm-actor";

/** What a successful connect stores; secrets arrive encrypted. Columns a method does not use are cleared. */
export type NewCrmCredentials =
  | { method: "oauth"; accessTokenEnc: string; refreshTokenEnc: string | null; tokenExpiresAt: Date | null }
  | { method: "apiToken" | "webhook"; credentialsEnc: string };

/**
 * Creates or replaces the workspace's connection to `provider` (one per CRM), ACTIVE with the
 * new credentials. A reconnect keeps the mapping, interval and every lead link, so leads that
 * waited while it needed re-auth sync on the first run. Audited (provider and method only) and
 * a first sync requested (unless `firstSyncAt` defers it), in the caller's transaction.
 */
export async function saveCrmConnection(
  tx: Tx,
  outbox: OutboxWriter,
  actor: CrmConnectActor,
  input: {
    provider: CrmProvider;
    label: string;
    metadata: Record<string, string>;
    credentials: NewCrmCredentials;
    /** Set: no sync is requested now, the first scheduled one waits until then (a webhook receiver needs its secret first). */
    firstSyncAt?: Date;
  },
): Promise<{ connectionId: string; reconnected: boolean }> {
  const { provider, credentials } = input;
  const secrets = credentials.method === "oauth"
    ? { credentialsEnc: null, accessTokenEnc: credentials.accessTokenEnc, refreshTokenEnc: credentials.refreshTokenEnc, tokenExpiresAt: credentials.tokenExpiresAt }
    : { credentialsEnc: credentials.credentialsEnc, accessTokenEnc: null, refreshTokenEnc: null, tokenExpiresAt: null };
  const common = {
    ...secrets,
    label: input.label.slice(0, 200),
    metadata: input.metadata as Prisma.InputJsonObject,
    status: "ACTIVE" as const,
    lastError: null,
    failingSince: null,
    connectedById: actor.userId,
    nextSyncAt: input.firstSyncAt ?? null,
  };
  const existing = await tx.crmConnection.findFirst({ where: { workspaceId: actor.workspaceId, provider }, select: { id: true } });
  // An upsert on (workspace, provider), not create-or-update: two admins connecting at once both succeed, one row.
  const row = await tx.crmConnection.upsert({
    where: { workspaceId_provider: { workspaceId: actor.workspaceId, provider } },
    update: common,
    create: { ...common, workspaceId: actor.workspaceId, provider, fieldMapping: crmConnectorFor(provider).defaultMapping as Prisma.InputJsonObject },
    select: { id: true },
  });
  await recordAudit(tx, actor.workspaceId, {
    actor: { type: "USER", id: actor.userId },
    action: existing ? "crm.reconnected" : "crm.connected",
    target: { type: "crm_connection", id: row.id },
    metadata: { provider, method: credentials.method },
  });
  if (!input.firstSyncAt) await requestCrmSync(outbox, { workspaceId: actor.workspaceId, connectionId: row.id, trigger: "CONNECTED" });
  return { connectionId: row.id, reconnected: existing !== null };
}
