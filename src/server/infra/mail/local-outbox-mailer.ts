import { encrypt, encryptOptional } from "../crypto/field-crypto";
import { db } from "../db/client";
import { newId } from "../db/new-id";
import type { Logger } from "../logger";
import { MailSendError, type Mail, type MailPort } from "./mail-port";

export type LocalOutboxOptions = {
  logger: Logger;
  /**
   * Log the links a mail carries (confirmation links are secrets). Only where nobody but the
   * person at this machine reads the log: the embedded default outside production.
   */
  logLinks: boolean;
};

/** The links in a mail's text, for the development log. */
export function linksIn(text: string): string[] {
  return text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
}

/**
 * The embedded default: no mail server, so each mail is kept in the `mail_outbox` table
 * (recipient and body encrypted) where a local outbox page can show it.
 */
export function createLocalOutboxMailer(opts: LocalOutboxOptions): MailPort {
  return {
    kind: "local-outbox",
    async send(mail: Mail) {
      const id = newId();
      try {
        await db().mailOutbox.create({
          data: { id, toEnc: encrypt(mail.to), subject: mail.subject, textEnc: encrypt(mail.text), htmlEnc: encryptOptional(mail.html) },
          select: { id: true },
        });
      } catch (error) {
        opts.logger.warn({ mail: { subject: mail.subject }, err: { message: (error as Error).message } }, "mail not kept in the local outbox");
        throw new MailSendError("the local outbox could not store the mail", true);
      }
      const links = opts.logLinks ? linksIn(mail.text) : undefined;
      opts.logger.info({ mail: { id, subject: mail.subject, links } }, "mail kept in the local outbox (no SMTP_URL configured)");
      return { id };
    },
  };
}
