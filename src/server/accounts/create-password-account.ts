import { blindIndex, encrypt } from "../infra/crypto/field-crypto";
import { hashPassword } from "../infra/crypto/password";
import { db } from "../infra/db/client";

/**
 * Creates a password account directly, for seeds, benchmarks and test factories. People sign up
 * through `signUp`, which starts unverified and mails a confirmation link.
 */
export async function createPasswordAccount(input: { name: string; email: string; password: string; verified: boolean }): Promise<{ userId: string }> {
  const user = await db().user.create({
    data: {
      emailHash: blindIndex(input.email),
      emailEnc: encrypt(input.email),
      nameEnc: encrypt(input.name),
      passwordHash: await hashPassword(input.password),
      emailVerifiedAt: input.verified ? new Date() : null,
    },
    select: { id: true },
  });
  return { userId: user.id };
}
