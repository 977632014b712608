import { z } from "zod";
import { decrypt } from "../infra/crypto/field-crypto";
import { db } from "../infra/db/client";
import { AppError } from "../infra/errors/app-error";
import { rateLimiter } from "../infra/runtime/ports";
import { accountSecretSchema, hashAccountSecret } from "./account-secret";
import { passwordMatches } from "./verify-credentials";

export const confirmEmailInput = z.object({
  token: accountSecretSchema,
  password: z.string().min(1, "Enter your password").max(200, "Password is too long"),
});

export type ConfirmEmailInput = z.infer<typeof confirmEmailInput>;

const NOT_VALID = "This confirmation link is not valid. Open the latest email we sent, or ask for a new link on the sign-in page.";

/**
 * Confirms an address: the link (proof of the mailbox) and the account's password (proof of the
 * person who signed up) together, so an address someone else signed up with cannot be confirmed
 * by its owner clicking a mail they did not ask for, nor by the one who signed up without the
 * mailbox. The link works once; a wrong password does not use it up. Password attempts count
 * against the same per-account limit as sign-in. Returns the email, for signing in next.
 */
export async function confirmEmail(input: ConfirmEmailInput, now = new Date()): Promise<{ email: string }> {
  const tokenHash = hashAccountSecret("email-confirmation", input.token);
  const link = await db().emailConfirmation.findUnique({
    where: { tokenHash },
    select: { id: true, userId: true, expiresAt: true, usedAt: true, user: { select: { emailHash: true, emailEnc: true } } },
  });
  if (!link) throw new AppError("BAD_REQUEST", NOT_VALID);
  if (link.usedAt) throw new AppError("CONFLICT", "This link was already used: your email is confirmed. Sign in with your email and password.");
  if (link.expiresAt <= now) throw new AppError("BAD_REQUEST", "This confirmation link has expired. Ask for a new one on the sign-in page.");

  const limit = await rateLimiter().limit("login-account", link.user.emailHash);
  if (!limit.success) throw new AppError("RATE_LIMITED", "Too many attempts. Wait a few minutes and try again.");
  if (!(await passwordMatches(link.user.emailHash, input.password))) {
    throw new AppError("FORBIDDEN", "That isn't the password chosen for this account. Try again.");
  }

  const confirmed = await db().$transaction(async (tx) => {
    const claimed = await tx.emailConfirmation.updateMany({ where: { id: link.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) return false;
    await tx.user.updateMany({ where: { id: link.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    await tx.emailConfirmation.deleteMany({ where: { userId: link.userId, id: { not: link.id } } });
    return true;
  });
  // Another request used the link between the read and the claim.
  if (!confirmed) throw new AppError("CONFLICT", "This link was already used: your email is confirmed. Sign in with your email and password.");
  return { email: decrypt(link.user.emailEnc) };
}
