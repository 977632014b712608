import { logger } from "../../infra/logger";
import { appPublisher } from "../../infra/outbox/app-publisher";
import type { OutboxPublisher } from "../../infra/outbox/relay-outbox";
import { withTenantSqlOutbox } from "../../infra/outbox/with-outbox";
import type { ChannelUpdate } from "../connector";
import { resolveChannel } from "../resolve-channel";
import { applyDeauthorization } from "./apply-deauthorization";
import { applyDelete } from "./apply-delete";
import { applyEcho } from "./apply-echo";
import { applyEdit } from "./apply-edit";
import { applyReceipt } from "./apply-receipt";
import { channelUpdateSchema } from "./channel-update-schema";
import { skipped, type UpdateContext, type UpdateOutcome } from "./update-context";

export type AppliedUpdate = { type: ChannelUpdate["type"] | "unknown" } & UpdateOutcome;

const issue = (error: { issues: Array<{ path: PropertyKey[]; message: string }> }) => {
  const first = error.issues[0];
  return first ? first.path.map(String).join(".") || first.message : "value";
};

function applyOne(ctx: UpdateContext, update: ChannelUpdate): Promise<UpdateOutcome> {
  switch (update.type) {
    case "edited":
      return applyEdit(ctx, update.platformMessageId, update.text);
    case "deleted":
      return applyDelete(ctx, update.platformMessageId);
    case "echo":
      return applyEcho(ctx, update);
    case "delivered":
    case "read":
      return applyReceipt(ctx, update);
    case "deauthorized":
      return applyDeauthorization(ctx, update.platform);
  }
}

/**
 * Applies a delivery's updates (src/server/channels/connector.ts ChannelUpdate): each is checked,
 * routed to its channel (platform + account id, the cached global route) and applied in its
 * workspace's tenant transaction, in delivery order, with realtime events and audit entries
 * through the outbox; a delivery spanning several workspaces runs one transaction each. A
 * malformed update, an unknown channel or a message we do not have is a logged skip (reasons
 * name fields, never content) and the rest still apply. A database failure throws, so the
 * webhook answers 5xx and the platform redelivers: every update is idempotent, so the ones
 * that did commit are not applied twice. One result per update, in order.
 */
export async function applyChannelUpdates(updates: readonly ChannelUpdate[], publisher: OutboxPublisher = appPublisher()): Promise<AppliedUpdate[]> {
  const results: AppliedUpdate[] = new Array(updates.length);
  const byWorkspace = new Map<string, Array<{ index: number; channelId: string; update: ChannelUpdate }>>();
  const checked = updates.map((raw) => channelUpdateSchema.safeParse(raw));
  const channels = await Promise.all(checked.map((c) => (c.success ? resolveChannel(c.data.platform, c.data.channelExternalId) : Promise.resolve(null))));
  checked.forEach((c, index) => {
    if (!c.success) return void (results[index] = { type: typeOf(updates[index]), ...skipped(`malformed update: ${issue(c.error)}`) });
    const channel = channels[index];
    if (!channel) return void (results[index] = { type: c.data.type, ...skipped("update for an unknown channel") });
    const group = byWorkspace.get(channel.workspaceId) ?? [];
    group.push({ index, channelId: channel.channelId, update: c.data as ChannelUpdate });
    byWorkspace.set(channel.workspaceId, group);
  });

  await Promise.all(
    [...byWorkspace].map(([workspaceId, group]) =>
      withTenantSqlOutbox({ workspaceId }, publisher, async (tx, outbox) => {
        const now = new Date();
        for (const { index, channelId, update } of group) {
          results[index] = { type: update.type, ...(await applyOne({ tx, outbox, workspaceId, channelId, now }, update)) };
        }
      }),
    ),
  );

  results.forEach((r, index) => {
    if (r.outcome === "skipped") logger.warn({ platform: updates[index]?.platform, update: r.type, reason: r.reason }, "webhook update skipped");
  });
  return results;
}

const typeOf = (update: unknown): AppliedUpdate["type"] => {
  const type = typeof update === "object" && update !== null && "type" in update ? update.type : undefined;
  return type === "echo" || type === "edited" || type === "deleted" || type === "delivered" || type === "read" || type === "deauthorized" ? type : "unknown";
};
