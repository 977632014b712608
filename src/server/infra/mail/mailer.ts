import { env } from "../env/load-env";
import { logger } from "../logger";
import { createLocalOutboxMailer } from "./local-outbox-mailer";
import type { MailPort } from "./mail-port";
import { createSmtpMailer } from "./smtp-mailer";

const globalMail = globalThis as unknown as { leadlineMailer?: MailPort };

/** The default sender of the local outbox, where nothing is delivered. */
const LOCAL_FROM = "Leadline <no-reply@localhost>";

/** The mail port, chosen once from configuration: SMTP when SMTP_URL is set, else the local outbox. */
export function mailer(): MailPort {
  if (!globalMail.leadlineMailer) {
    const e = env();
    globalMail.leadlineMailer = e.SMTP_URL
      ? createSmtpMailer({ url: e.SMTP_URL, from: e.MAIL_FROM ?? LOCAL_FROM, timeoutMs: e.SMTP_TIMEOUT_MS, logger })
      : createLocalOutboxMailer({ logger, logLinks: e.NODE_ENV !== "production" });
  }
  return globalMail.leadlineMailer;
}

/**
 * Whether people may see their account mails on screen: only with the local outbox (no mail
 * server exists) and outside production. In production a missing SMTP_URL keeps mails in the
 * outbox for the operator, and nobody can confirm an address they do not hold.
 */
export function mailShownOnScreen(): boolean {
  return mailer().kind === "local-outbox" && env().NODE_ENV !== "production";
}

/** Tests switch SMTP_URL between cases. */
export function resetMailer(): void {
  delete globalMail.leadlineMailer;
}
