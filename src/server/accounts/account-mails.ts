import type { Mail } from "../infra/mail/mail-port";

/**
 * The account mails. Each names its one action (label + link) so the embedded default can show
 * the mail on screen when there is no mail server.
 */
export type AccountMail = Mail & { action: { label: string; url: string } };

export function confirmationMail(to: string, name: string, url: string): AccountMail {
  const text = [
    `Hi ${name},`,
    "",
    "Confirm your email address to finish creating your Leadline account:",
    url,
    "",
    "The link works once, within 24 hours, and asks for the password you chose.",
    "If you did not create a Leadline account, ignore this email: nothing happens without the password.",
  ].join("\n");
  return { to, subject: "Confirm your email for Leadline", text, action: { label: "Confirm your email", url } };
}

export function signUpAttemptMail(to: string, signInUrl: string): AccountMail {
  const text = [
    "Hello,",
    "",
    "Someone just tried to create a Leadline account with this email address. You already have one,",
    "so nothing was changed. If it was you, sign in instead:",
    signInUrl,
    "",
    "If you use single sign-on, choose it on that page. If it wasn't you, you can ignore this email.",
  ].join("\n");
  return { to, subject: "You already have a Leadline account", text, action: { label: "Sign in", url: signInUrl } };
}
