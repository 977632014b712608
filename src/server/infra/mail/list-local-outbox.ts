import { decrypt } from "../crypto/field-crypto";
import { db } from "../db/client";
import { mailShownOnScreen } from "./mailer";

export type OutboxMail = { id: string; to: string; subject: string; text: string; createdAt: Date };

/** How many of the newest mails the local outbox page shows. */
export const OUTBOX_SHOWN = 50;

/**
 * The newest mails kept in the local outbox, decrypted, for the local outbox page, or null
 * where that page must not exist: with a mail server configured (mails are delivered) and in
 * production (the outbox holds real people's confirmation links; only the operator reads it,
 * in the database).
 */
export async function listLocalOutbox(limit = OUTBOX_SHOWN): Promise<OutboxMail[] | null> {
  if (!mailShownOnScreen()) return null;
  const rows = await db().mailOutbox.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit, select: { id: true, toEnc: true, subject: true, textEnc: true, createdAt: true } });
  return rows.map((r) => ({ id: r.id, to: decrypt(r.toEnc), subject: r.subject, text: decrypt(r.textEnc), createdAt: r.createdAt }));
}
