const OAUTH_ERRORS = new Set(["OAuthSignin", "OAuthCallback", "OAuthCreateAccount", "OAuthAccountNotLinked", "Callback"]);

/** What the credentials provider throws for a right password whose email is not confirmed (src/server/auth/auth-options.ts). */
export const EMAIL_NOT_CONFIRMED = "EmailNotConfirmed";

/**
 * Refused single sign-ons (`/sign-in?error=Sso-<reason>`, src/server/auth/auth-options.ts). The
 * link refusals land on the account page, but a stale bookmark may bring them here.
 */
const SSO_REFUSALS: Record<string, string> = {
  "Sso-email-unverified": "Your identity provider hasn't verified your email address, so Leadline can't sign you in with it. Verify the address with your provider, or sign in with your email and password.",
  "Sso-account-exists": "A Leadline account already uses this email. Sign in with your email and password, then link single sign-on from your account page.",
  "Sso-bad-profile": "Your identity provider didn't share a usable email address. Ask your administrator, or sign in with your email and password.",
  "Sso-link-expired": "That request to link single sign-on has expired. Sign in, then start again from your account page.",
  "Sso-identity-in-use": "That single sign-on identity is already linked to another Leadline account.",
};

/**
 * next-auth reports sign-in failures as a code or as the message the server threw. Only known
 * values are shown as such: the `error` query parameter is attacker-controlled text.
 */
export function describeSignInError(error: string | null | undefined): string | null {
  if (!error) return null;
  if (error === "CredentialsSignin") return "That email and password don't match an account. Check them and try again.";
  if (error === EMAIL_NOT_CONFIRMED) return "Confirm your email address first: open the link we emailed you when you signed up.";
  if (error.startsWith("Too many sign-in attempts")) return "Too many sign-in attempts. Wait a few minutes and try again.";
  if (error === "SessionRequired") return "Sign in to continue.";
  const sso = SSO_REFUSALS[error];
  if (sso) return sso;
  if (OAUTH_ERRORS.has(error) || error.includes("identity provider")) {
    return "Single sign-on didn't complete. Try again, or sign in with your email and password.";
  }
  return "Sign-in failed. Please try again.";
}
