import type { Prisma } from "@/generated/prisma/client";
import { newId } from "../infra/db/new-id";
import { env } from "../infra/env/load-env";
import { hashAccountSecret, newAccountSecret } from "./account-secret";

/** How long a confirmation link works. */
export const CONFIRMATION_TTL_MS = 24 * 3600_000;

type Db = Pick<Prisma.TransactionClient, "emailConfirmation">;

/**
 * A new confirmation link for `userId`; earlier links stop working (only the newest mail counts).
 * `callbackUrl` (a path on this site, already made safe) is where the person lands once confirmed.
 */
export async function issueEmailConfirmation(tx: Db, userId: string, callbackUrl?: string, now = new Date()): Promise<string> {
  const token = newAccountSecret();
  await tx.emailConfirmation.deleteMany({ where: { userId } });
  await tx.emailConfirmation.create({
    data: { id: newId(), userId, tokenHash: hashAccountSecret("email-confirmation", token), expiresAt: new Date(now.getTime() + CONFIRMATION_TTL_MS) },
    select: { id: true },
  });
  const url = new URL("/confirm-email", env().APP_URL);
  url.searchParams.set("token", token);
  if (callbackUrl) url.searchParams.set("callbackUrl", callbackUrl);
  return url.toString();
}
