import { z } from "zod";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import { describeNotification } from "./describe-notification";
import type { NotificationKind } from "./notification-kinds";

export const listNotificationsInput = z.strictObject({ limit: z.number().int().min(1).max(50).default(20) }).default({ limit: 20 });
export const markReadInput = z.strictObject({ ids: z.array(z.string().min(1).max(100)).min(1).max(100) });

export type NotificationItem = {
  id: string;
  kind: NotificationKind;
  title: string;
  href: string;
  read: boolean;
  createdAt: Date;
};

/** The signed-in member's own notifications, newest first, with the unread count. */
export async function listNotifications(tx: Tx, workspaceId: string, userId: string, limit: number): Promise<{ items: NotificationItem[]; unread: number }> {
  const [rows, unread] = await Promise.all([
    tx.notification.findMany({
      where: { workspaceId, userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: { id: true, kind: true, data: true, conversationId: true, leadId: true, channelId: true, readAt: true, createdAt: true },
    }),
    tx.notification.count({ where: { workspaceId, userId, readAt: null } }),
  ]);
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind, ...describeNotification(r), read: r.readAt !== null, createdAt: r.createdAt })),
    unread,
  };
}

export async function countUnread(tx: Tx, workspaceId: string, userId: string): Promise<number> {
  return tx.notification.count({ where: { workspaceId, userId, readAt: null } });
}

/**
 * Marks the member's own notifications read. An id that is not theirs (another member's, another
 * workspace's, made up) is refused as not found, the same answer whichever it is.
 */
export async function markNotificationsRead(tx: Tx, workspaceId: string, userId: string, ids: readonly string[]): Promise<{ updated: number }> {
  const unique = [...new Set(ids)];
  const own = await tx.notification.count({ where: { workspaceId, userId, id: { in: unique } } });
  if (own !== unique.length) throw new AppError("NOT_FOUND", "Notification not found.");
  const { count } = await tx.notification.updateMany({ where: { workspaceId, userId, id: { in: unique }, readAt: null }, data: { readAt: new Date() } });
  return { updated: count };
}

export async function markAllNotificationsRead(tx: Tx, workspaceId: string, userId: string): Promise<{ updated: number }> {
  const { count } = await tx.notification.updateMany({ where: { workspaceId, userId, readAt: null }, data: { readAt: new Date() } });
  return { updated: count };
}
