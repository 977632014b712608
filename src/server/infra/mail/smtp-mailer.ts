import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { Logger } from "../logger";
import { MailSendError, type Mail, type MailPort } from "./mail-port";

export type SmtpMailerOptions = { url: string; from: string; timeoutMs: number; logger: Logger };

/** The SMTP server's host and port, for logs and errors: the URL itself holds the credentials. */
function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === "smtps:" ? "465" : "587")}`;
  } catch {
    return "the SMTP server";
  }
}

/**
 * Host, port, TLS and credentials from SMTP_URL. Parsed here, not by nodemailer: given a `url`,
 * nodemailer drops every other option, and the timeouts would silently not apply.
 * smtps:// is TLS from the start (465); smtp:// upgrades with STARTTLS when the server offers it.
 */
function connectionOptions(url: string): SMTPTransport.Options {
  const u = new URL(url);
  const secure = u.protocol === "smtps:";
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
  };
}

type NodemailerError = Error & { code?: string; responseCode?: number; command?: string };

/**
 * Why a send failed, in words safe to log and show: nodemailer's message can echo the server's
 * reply (which may quote the recipient), so only its code and the SMTP status are kept.
 */
function toMailError(error: unknown, server: string): MailSendError {
  const e = error as NodemailerError;
  if (e.code === "EAUTH") return new MailSendError(`${server} refused the SMTP credentials`, false);
  const status = typeof e.responseCode === "number" ? e.responseCode : undefined;
  if (status !== undefined) {
    // 4xx: try again later; 5xx: the server refused this mail for good.
    return new MailSendError(`${server} refused the mail (SMTP ${status}${e.command ? ` after ${e.command}` : ""})`, status < 500);
  }
  const reason = e.code === "ETIMEDOUT" ? "did not answer in time" : e.code === "ECONNECTION" || e.code === "ESOCKET" ? "could not be reached" : "failed";
  return new MailSendError(`${server} ${reason}${e.code ? ` (${e.code})` : ""}`, true);
}

/**
 * Sends through an SMTP server (nodemailer). Every phase has a deadline (connect, greeting,
 * each command), so a server that hangs fails the send instead of holding a request open.
 * One connection per mail: account mails are rare, and nothing is left open between them.
 * Nodemailer's own logger stays off: its output carries the conversation (addresses, bodies).
 */
export function createSmtpMailer(opts: SmtpMailerOptions): MailPort {
  const server = describeServer(opts.url);
  const transport = nodemailer.createTransport({ ...connectionOptions(opts.url), connectionTimeout: opts.timeoutMs, greetingTimeout: opts.timeoutMs, socketTimeout: opts.timeoutMs, logger: false, debug: false });
  return {
    kind: "smtp",
    async send(mail: Mail) {
      try {
        const info = await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
        opts.logger.info({ mail: { subject: mail.subject, server } }, "mail sent");
        return { id: info.messageId };
      } catch (error) {
        const failure = toMailError(error, server);
        opts.logger.warn({ mail: { subject: mail.subject, server }, err: { message: failure.message } }, "mail not sent");
        throw failure;
      }
    },
  };
}
