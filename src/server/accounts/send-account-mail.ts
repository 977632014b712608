import { logger } from "../infra/logger";
import { MailSendError } from "../infra/mail/mail-port";
import { mailer, mailShownOnScreen } from "../infra/mail/mailer";
import type { AccountMail } from "./account-mails";

/**
 * What the person who asked sees about the mail. The same shape whichever mail was sent, so the
 * answer never tells whether the address has an account. `shownMail` only where there is no mail
 * server (the local outbox outside production): the mail's action, so the flow can go on.
 */
export type MailOutcome = { mail: "sent" | "not-sent"; shownMail?: { subject: string; label: string; url: string } };

/**
 * Sends an account mail after the state that needs it is committed. A failure is not thrown: the
 * account change is stored, the answer says the mail did not go, and "send the link again" retries.
 */
export async function sendAccountMail(mail: AccountMail): Promise<MailOutcome> {
  try {
    await mailer().send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  } catch (error) {
    if (!(error instanceof MailSendError)) logger.error({ err: { message: (error as Error).message } }, "account mail failed unexpectedly");
    return { mail: "not-sent" };
  }
  return mailShownOnScreen() ? { mail: "sent", shownMail: { subject: mail.subject, label: mail.action.label, url: mail.action.url } } : { mail: "sent" };
}
