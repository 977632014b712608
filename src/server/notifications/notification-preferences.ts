import { z } from "zod";
import type { Role } from "@/generated/prisma/client";
import type { Tx } from "../infra/db/tenant";
import { NOTIFICATION_KINDS, notificationKindSchema, type NotificationKind } from "./notification-kinds";

export const notificationPreferencesInput = z.strictObject({
  /** Kinds the member does not want (not created for them, so not in the bell nor the digest). */
  mutedKinds: z.array(notificationKindSchema).max(NOTIFICATION_KINDS.length).transform((kinds) => [...new Set(kinds)]),
  browser: z.boolean(),
  emailDigest: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesInput>;

/** The email digest is on by default for admins (channel and send problems are theirs to fix), off for others. */
export function defaultEmailDigest(role: Role): boolean {
  return role === "ADMIN";
}

export async function getNotificationPreferences(tx: Tx, workspaceId: string, userId: string, role: Role): Promise<NotificationPreferences> {
  const row = await tx.notificationPreference.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
  return {
    mutedKinds: (row?.mutedKinds ?? []) as NotificationKind[],
    browser: row?.browser ?? false,
    emailDigest: row?.emailDigest ?? defaultEmailDigest(role),
  };
}

/** A member's own choices only (the key is the signed-in member). */
export async function setNotificationPreferences(tx: Tx, workspaceId: string, userId: string, input: NotificationPreferences): Promise<NotificationPreferences> {
  const data = { mutedKinds: input.mutedKinds, browser: input.browser, emailDigest: input.emailDigest };
  await tx.notificationPreference.upsert({ where: { workspaceId_userId: { workspaceId, userId } }, create: { workspaceId, userId, ...data }, update: data });
  return input;
}
