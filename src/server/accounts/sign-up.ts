import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { blindIndex, encrypt } from "../infra/crypto/field-crypto";
import { hashPassword, passwordSchema } from "../infra/crypto/password";
import { db } from "../infra/db/client";
import { env } from "../infra/env/load-env";
import { confirmationMail, signUpAttemptMail, type AccountMail } from "./account-mails";
import { callbackPathSchema } from "./callback-path";
import { emailSchema } from "./email";
import { issueEmailConfirmation } from "./issue-email-confirmation";
import { sendAccountMail, type MailOutcome } from "./send-account-mail";

export const signUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(120, "Name is too long"),
  email: emailSchema,
  password: passwordSchema,
  callbackUrl: callbackPathSchema.optional(),
});

export type SignUpInput = z.infer<typeof signUpInput>;

/** The one answer to a sign-up, whether the address was new or already had an account. */
export type SignUpResult = MailOutcome;

type Decision = { kind: "confirm"; mail: AccountMail } | { kind: "already-registered"; mail: AccountMail };

/**
 * Starts an account: unverified, with a confirmation link mailed to the address. The answer is
 * the same whether the address is new or taken, and so is the work (the password is hashed
 * either way, one mail is sent either way): for a taken address the owner gets a "you already
 * have an account" mail instead of the caller getting an error.
 *
 * An address whose account was never confirmed has no proven owner yet: a new sign-up replaces
 * its name and password and sends a fresh link (older links stop working). Confirming asks for the
 * password, so neither the first claimant nor the mailbox holder alone can finish it.
 */
export async function signUp(input: SignUpInput): Promise<SignUpResult> {
  const emailHash = blindIndex(input.email);
  const passwordHash = await hashPassword(input.password);
  const decision = await decide(input, emailHash, passwordHash).catch(async (error: unknown) => {
    // Two sign-ups of one new address at once: the other one created it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return decide(input, emailHash, passwordHash);
    throw error;
  });
  return sendAccountMail(decision.mail);
}

async function decide(input: SignUpInput, emailHash: string, passwordHash: string): Promise<Decision> {
  return db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { emailHash }, select: { id: true, emailVerifiedAt: true } });
    if (existing?.emailVerifiedAt) {
      return { kind: "already-registered", mail: signUpAttemptMail(input.email, new URL("/sign-in", env().APP_URL).toString()) };
    }
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { nameEnc: encrypt(input.name), passwordHash }, select: { id: true } })
      : await tx.user.create({ data: { emailHash, emailEnc: encrypt(input.email), nameEnc: encrypt(input.name), passwordHash }, select: { id: true } });
    const url = await issueEmailConfirmation(tx, user.id, input.callbackUrl);
    return { kind: "confirm", mail: confirmationMail(input.email, input.name, url) };
  });
}
