import { db } from "../db/client";

/** How long a kept mail stays in the local outbox: its links (24 h confirmation) are long dead by then. */
export const MAIL_OUTBOX_DAYS = 7;

/** Deletes local-outbox mails older than `MAIL_OUTBOX_DAYS` (they hold an address and a link); returns how many. */
export async function deleteOldMails(now = new Date()): Promise<number> {
  const { count } = await db().mailOutbox.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - MAIL_OUTBOX_DAYS * 86_400_000) } } });
  return count;
}
