import { describe, expect, it } from "vitest";
import { EMAIL_NOT_CONFIRMED as SERVER_EMAIL_NOT_CONFIRMED } from "@/server/auth/auth-options";
import { describeSignInError, EMAIL_NOT_CONFIRMED } from "./describe-sign-in-error";

describe("sign-in error messages", () => {
  it("explains an unconfirmed email with the code the server throws", () => {
    expect(EMAIL_NOT_CONFIRMED).toBe(SERVER_EMAIL_NOT_CONFIRMED);
    expect(describeSignInError(EMAIL_NOT_CONFIRMED)).toMatch(/^Confirm your email address first/);
  });

  it("explains each refused single sign-on, and says to sign in with the password and link when the email has an account", () => {
    expect(describeSignInError("Sso-account-exists")).toBe(
      "A Leadline account already uses this email. Sign in with your email and password, then link single sign-on from your account page.",
    );
    expect(describeSignInError("Sso-email-unverified")).toMatch(/hasn't verified your email address/);
    for (const code of ["Sso-bad-profile", "Sso-link-expired", "Sso-identity-in-use"]) expect(describeSignInError(code)).not.toBe("Sign-in failed. Please try again.");
  });

  it("never echoes unknown text from the query string", () => {
    expect(describeSignInError("Sso-<script>alert(1)</script>")).toBe("Sign-in failed. Please try again.");
    expect(describeSignInError("Your account was hacked, call 555-0100")).toBe("Sign-in failed. Please try again.");
  });
});
