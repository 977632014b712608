import { z } from "zod";

/**
 * The notification kinds and who receives each (docs/architecture.md#roles; the conversation rule
 * is `visibleConversations` in src/server/access/access-rules.ts, repeated in SQL by
 * recipients-sql.ts):
 * - HOT_LEAD: admins and viewers (they read every conversation), agents who see the conversation;
 * - DRAFTS_WAITING, SEND_FAILED: admins and agents who see the conversation, never viewers (they
 *   cannot approve or send);
 * - CHANNEL_REAUTH: admins (only they reconnect channels).
 */
export const NOTIFICATION_KINDS = ["HOT_LEAD", "DRAFTS_WAITING", "CHANNEL_REAUTH", "SEND_FAILED"] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** A draft waiting for approval this long is announced (batched: one notification per member per run). */
export const DRAFT_WAIT_MINUTES = 15;

/** The UTC day a notification is deduplicated within ("one hot lead per lead per day"). */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
