/**
 * The outcome of a "link single sign-on" round trip (`/account?sso=<code>`, set by the server's
 * sign-in callback or by the link button's callback URL). Only known codes are shown: the query
 * parameter is attacker-controlled text.
 */
export function describeSsoResult(code: string | null): { tone: "success" | "error"; message: string } | null {
  switch (code) {
    case null:
      return null;
    case "linked":
      return { tone: "success", message: "Single sign-on is linked. You can now sign in with it as well as with your password." };
    case "link-expired":
      return { tone: "error", message: "That link request expired or was already used. Press the button again; you have 10 minutes to finish." };
    case "identity-in-use":
      return { tone: "error", message: "That single sign-on identity is already linked to another Leadline account, so it was not linked to this one." };
    case "email-unverified":
      return { tone: "error", message: "Your identity provider hasn't verified your email address, so the identity was not linked." };
    case "bad-profile":
      return { tone: "error", message: "Your identity provider didn't share a usable profile, so the identity was not linked." };
    default:
      return { tone: "error", message: "Linking single sign-on didn't complete. Try again." };
  }
}
