import type { Tx } from "../infra/db/tenant";
import { db } from "../infra/db/client";

/**
 * Session revocation. Every session token carries the user's `sessionVersion` as it was when
 * the token was issued (`sv`); bumping the version signs out every session issued before.
 * Tokens from before versions existed carry none and count as version 0.
 */
export async function currentSessionVersion(userId: string): Promise<number | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? null;
}

/** Whether a token issued at version `sv` for `userId` still signs that user in. */
export async function isSessionCurrent(userId: string, sv: unknown): Promise<boolean> {
  const version = await currentSessionVersion(userId);
  return version !== null && version === (typeof sv === "number" ? sv : 0);
}

/** Signs out every session of `userId`, inside the caller's transaction. Returns the new version. */
export async function bumpSessionVersion(tx: Tx, userId: string): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ sessionVersion: number }>>`
    UPDATE "users" SET "sessionVersion" = "sessionVersion" + 1 WHERE "id" = ${userId} RETURNING "sessionVersion"`;
  return rows[0]?.sessionVersion ?? 0;
}
