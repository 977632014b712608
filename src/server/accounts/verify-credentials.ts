import { blindIndex } from "../infra/crypto/field-crypto";
import { verifyPassword } from "../infra/crypto/password";
import { db } from "../infra/db/client";
import { emailSchema } from "./email";

// Compared against when the account does not exist, so timing does not reveal which emails exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** A right password whose account has not confirmed its email yet. */
export type Unconfirmed = { userId: string; unconfirmed: true };

async function readPasswordHash(emailHash: string): Promise<{ id: string; passwordHash: string | null } | undefined> {
  // The app role cannot select password hashes; this database function returns the one asked for.
  const [user] = await db().$queryRaw<Array<{ id: string; passwordHash: string | null }>>`
    SELECT "id", "passwordHash" FROM user_password_hash(${emailHash})`;
  return user;
}

/** Whether `password` is the password of the account with this email blind index (scrypt work either way). */
export async function passwordMatches(emailHash: string, password: string): Promise<boolean> {
  const user = await readPasswordHash(emailHash);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return ok && Boolean(user?.passwordHash);
}

/**
 * Returns the user id when the email/password pair is right, else null (never says which part
 * failed). A right pair whose email is not confirmed yet says so, and only then: telling it
 * before the password is checked would show which addresses have pending accounts.
 */
export async function verifyCredentials(email: unknown, password: unknown): Promise<{ userId: string } | Unconfirmed | null> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success || typeof password !== "string" || password.length === 0 || password.length > 200) return null;
  const user = await readPasswordHash(blindIndex(parsed.data));
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!ok || !user) return null;
  const { emailVerifiedAt } = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerifiedAt: true } });
  return emailVerifiedAt ? { userId: user.id } : { userId: user.id, unconfirmed: true };
}
