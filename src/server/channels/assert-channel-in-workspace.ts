import type { RawSql } from "../infra/db/sql";
import { AppError } from "../infra/errors/app-error";

/**
 * A channel filter (analytics, the inbox list, the leads table and its export) must name one of
 * the workspace's own channels: any other id (another workspace's, a deleted one, a made-up one)
 * is "not found", as everywhere else in the app, and nothing is computed. The queries also name
 * the workspace beside the channel, so even without this check another tenant's channel would
 * match nothing.
 */
export async function assertChannelInWorkspace(tx: RawSql, workspaceId: string, channelId: string | null): Promise<void> {
  if (channelId === null) return;
  const found = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM channels WHERE id = ${channelId} AND "workspaceId" = ${workspaceId}`;
  if (found.length === 0) throw new AppError("NOT_FOUND", "Channel not found.");
}
