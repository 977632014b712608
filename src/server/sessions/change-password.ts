import { z } from "zod";
import { hashPassword, passwordSchema, verifyPassword } from "../infra/crypto/password";
import { db } from "../infra/db/client";
import { AppError } from "../infra/errors/app-error";
import { rateLimiter } from "../infra/runtime/ports";
import { bumpSessionVersion } from "./session-version";

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(200),
  newPassword: passwordSchema,
});

/**
 * Changes the signed-in user's password after checking the current one, and signs out every
 * session issued before (returns the new session version, so the caller can re-issue the
 * current session). Attempts count against the same per-account limit as sign-in, before the
 * scrypt work.
 */
export async function changePassword(userId: string, input: z.infer<typeof changePasswordInput>): Promise<{ sessionVersion: number }> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { emailHash: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  const limit = await rateLimiter().limit("login-account", user.emailHash);
  if (!limit.success) {
    throw new AppError("RATE_LIMITED", "Too many attempts. Wait a few minutes and try again.", { retryAfterSeconds: Math.max(1, Math.ceil((limit.resetMs - Date.now()) / 1000)) });
  }
  // The app role cannot select password hashes; this database function returns the one asked for.
  const [row] = await db().$queryRaw<Array<{ passwordHash: string | null }>>`SELECT "passwordHash" FROM user_password_hash(${user.emailHash})`;
  if (!row?.passwordHash) throw new AppError("BAD_REQUEST", "This account signs in through single sign-on and has no password to change.");
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) throw new AppError("BAD_REQUEST", "Your current password is not right.");
  const hash = await hashPassword(input.newPassword);
  const sessionVersion = await db().$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "users" SET "passwordHash" = ${hash}, "updatedAt" = now() WHERE "id" = ${userId}`;
    return bumpSessionVersion(tx, userId);
  });
  return { sessionVersion };
}
