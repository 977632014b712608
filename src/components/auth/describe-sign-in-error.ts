const OAUTH_ERRORS = new Set(["OAuthSignin", "OAuthCallback", "OAuthCreateAccount", "OAuthAccountNotLinked", "Callback"]);

/**
 * next-auth reports sign-in failures as a code or as the message the server threw. Only known
 * values are shown as such: the `error` query parameter is attacker-controlled text.
 */
export function describeSignInError(error: string | null | undefined): string | null {
  if (!error) return null;
  if (error === "CredentialsSignin") return "That email and password don't match an account. Check them and try again.";
  if (error.startsWith("Too many sign-in attempts")) return "Too many sign-in attempts. Wait a few minutes and try again.";
  if (error === "SessionRequired") return "Sign in to continue.";
  if (OAUTH_ERRORS.has(error) || error.includes("identity provider")) {
    return "Single sign-on didn't complete. Try again, or sign in with your email and password.";
  }
  return "Sign-in failed. Please try again.";
}
