import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { blindIndex, encrypt } from "../infra/crypto/field-crypto";
import { hashPassword, passwordSchema } from "../infra/crypto/password";
import { db } from "../infra/db/client";
import { AppError } from "../infra/errors/app-error";
import { emailSchema } from "./email";

export const signUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(120, "Name is too long"),
  email: emailSchema,
  password: passwordSchema,
});

export type SignUpInput = z.infer<typeof signUpInput>;

/** Creates an account (users are global; workspaces come next in onboarding). */
export async function signUp(input: SignUpInput): Promise<{ userId: string }> {
  const emailHash = blindIndex(input.email);
  try {
    const user = await db().user.create({
      data: {
        emailHash,
        emailEnc: encrypt(input.email),
        nameEnc: encrypt(input.name),
        passwordHash: await hashPassword(input.password),
      },
      select: { id: true },
    });
    return { userId: user.id };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}
