/**
 * Outbound mail port (docs/architecture.md#ports): SMTP when SMTP_URL is set, else the local
 * outbox (the `mail_outbox` table), the embedded default. Mails carry addresses, names and
 * single-use links: never log them (ids and subjects only).
 */
export type Mail = { to: string; subject: string; text: string; html?: string };

export interface MailPort {
  /** "smtp" delivers to real inboxes; "local-outbox" keeps the mail in this app's database. */
  readonly kind: "smtp" | "local-outbox";
  /** Resolves once the mail is handed over (SMTP server accepted it / the row is stored); throws MailSendError otherwise. */
  send(mail: Mail): Promise<{ id: string }>;
}

/** A mail that could not be handed over. The message names the cause, never the recipient, body or credentials. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = "MailSendError";
  }
}
