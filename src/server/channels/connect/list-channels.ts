import type { ChannelStatus, Platform } from "@/generated/prisma/client";
import { recordAudit } from "../../audit/record-audit";
import { AppError } from "../../infra/errors/app-error";
import type { ConnectActor } from "./connect-actor";

export type ChannelSummary = {
  id: string;
  platform: Platform;
  name: string;
  handle: string | null;
  status: ChannelStatus;
  autoReplyEnabled: boolean;
  lastPolledAt: Date | null;
  /** When the channel last brought in a customer's message (any conversation), or null. */
  lastEventAt: Date | null;
  connectedAt: Date;
};

const usernameOf = (metadata: unknown) =>
  typeof metadata === "object" && metadata !== null && "username" in metadata && typeof metadata.username === "string" ? metadata.username : null;

/** The workspace's channels for the Channels page: no tokens, no secrets. */
export async function listChannels(actor: ConnectActor): Promise<ChannelSummary[]> {
  const { rows, activity } = await actor.tenant(async (tx) => ({
    rows: await tx.channel.findMany({
      where: { workspaceId: actor.workspaceId },
      orderBy: { createdAt: "asc" },
      select: { id: true, platform: true, name: true, status: true, autoReplyEnabled: true, lastPolledAt: true, createdAt: true, metadata: true },
    }),
    activity: await tx.conversation.groupBy({ by: ["channelId"], where: { workspaceId: actor.workspaceId }, _max: { lastInboundAt: true } }),
  }));
  const lastEvent = new Map(activity.map((a) => [a.channelId, a._max.lastInboundAt]));
  return rows.map((c) => ({
    id: c.id, platform: c.platform, name: c.name, handle: usernameOf(c.metadata), status: c.status, autoReplyEnabled: c.autoReplyEnabled,
    lastPolledAt: c.lastPolledAt, lastEventAt: lastEvent.get(c.id) ?? null, connectedAt: c.createdAt,
  }));
}

/** Turns automated replies on or off for one channel (the workspace switch still applies). */
export async function setChannelAutoReply(actor: ConnectActor, channelId: string, enabled: boolean): Promise<{ autoReplyEnabled: boolean }> {
  return actor.tenant(async (tx) => {
    const updated = await tx.channel.updateMany({ where: { id: channelId, workspaceId: actor.workspaceId }, data: { autoReplyEnabled: enabled } });
    if (updated.count === 0) throw new AppError("NOT_FOUND", "Channel not found.");
    await recordAudit(tx, actor.workspaceId, { actor: { type: "USER", id: actor.userId }, action: "channel.auto_reply.update", target: { type: "channel", id: channelId }, metadata: { enabled } });
    return { autoReplyEnabled: enabled };
  });
}
