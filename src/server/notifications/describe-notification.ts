import { z } from "zod";
import type { NotificationKind } from "./notification-kinds";

/** The labels a notification keeps (`notifications.data`), read back defensively: a row written by an older version still shows. */
const dataSchema = z.object({
  score: z.number().optional(),
  platform: z.string().max(40).optional(),
  channelName: z.string().max(80).optional(),
  count: z.number().int().optional(),
  minutes: z.number().int().optional(),
}).catch({});

const PLATFORM_LABELS: Record<string, string> = { FACEBOOK: "Facebook", INSTAGRAM: "Instagram", X: "X", DEMO: "Demo" };

export type NotificationRow = { kind: NotificationKind; data: unknown; conversationId: string | null; leadId: string | null; channelId: string | null };

/**
 * What a notification shows (the bell and the email digest alike): a title made of its labels and
 * a link inside the app. Never message text or contact data: the notification holds none.
 */
export function describeNotification(row: NotificationRow): { title: string; href: string } {
  const data = dataSchema.parse(row.data);
  const on = data.platform ? ` on ${PLATFORM_LABELS[data.platform] ?? data.platform}` : "";
  switch (row.kind) {
    case "HOT_LEAD":
      return { title: `New hot lead${on}${data.score !== undefined ? ` (score ${data.score})` : ""}`, href: row.leadId ? `/leads/${row.leadId}` : row.conversationId ? `/inbox/${row.conversationId}` : "/leads" };
    case "DRAFTS_WAITING": {
      const count = data.count ?? 1;
      return {
        title: `${count} ${count === 1 ? "draft is" : "drafts are"} waiting for approval${data.minutes ? ` (over ${data.minutes} min)` : ""}`,
        href: row.conversationId ? `/inbox/${row.conversationId}` : "/inbox",
      };
    }
    case "CHANNEL_REAUTH":
      return { title: `${data.channelName ? `“${data.channelName}”` : "A channel"}${on} needs to be reconnected`, href: "/settings/channels" };
    case "SEND_FAILED":
      return { title: `A reply could not be sent${on}`, href: row.conversationId ? `/inbox/${row.conversationId}` : "/inbox" };
  }
}
