import type { Mail } from "../infra/mail/mail-port";
import { describeNotification, type NotificationRow } from "./describe-notification";

/** At most this many notifications are listed; the rest are counted. */
export const DIGEST_LIST_LIMIT = 20;

/**
 * The daily digest: the unread notifications' titles and links, as the bell shows them, and a link
 * to the app. No message text, no contact data (notifications hold none).
 */
export function digestMail(to: string, appUrl: string, workspaceName: string, rows: readonly NotificationRow[], total: number): Mail {
  const base = appUrl.replace(/\/+$/, "");
  const listed = rows.slice(0, DIGEST_LIST_LIMIT).map((row) => {
    const { title, href } = describeNotification(row);
    return `- ${title}\n  ${base}${href}`;
  });
  const more = total - listed.length;
  const text = [
    `You have ${total} unread ${total === 1 ? "notification" : "notifications"} in ${workspaceName} on Leadline:`,
    "",
    ...listed,
    ...(more > 0 ? ["", `...and ${more} more.`] : []),
    "",
    `Open Leadline: ${base}/inbox`,
    "You get this summary once a day while you have unread notifications. Turn it off under the bell in Leadline (Notification settings).",
  ].join("\n");
  return { to, subject: `Leadline: ${total} unread ${total === 1 ? "notification" : "notifications"} in ${workspaceName}`, text };
}
