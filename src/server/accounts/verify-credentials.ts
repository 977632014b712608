import { blindIndex } from "../infra/crypto/field-crypto";
import { verifyPassword } from "../infra/crypto/password";
import { db } from "../infra/db/client";
import { emailSchema } from "./email";

// Compared against when the account does not exist, so timing does not reveal which emails exist.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** Returns the user id when the email/password pair is right, else null (never says which part failed). */
export async function verifyCredentials(email: unknown, password: unknown): Promise<{ userId: string } | null> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success || typeof password !== "string" || password.length === 0 || password.length > 200) return null;
  // The app role cannot select password hashes; this database function returns the one asked for.
  const [user] = await db().$queryRaw<Array<{ id: string; passwordHash: string | null }>>`
    SELECT "id", "passwordHash" FROM user_password_hash(${blindIndex(parsed.data)})`;
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return ok && user ? { userId: user.id } : null;
}
