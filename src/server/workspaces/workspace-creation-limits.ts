import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";

const DAY_MS = 24 * 60 * 60 * 1000;

export type WorkspaceCreationLimits = { perDay: number; max: number };

/**
 * Refuses a new workspace when the account has created `max` workspaces in all (FORBIDDEN: waiting
 * does not help) or `perDay` in the last 24 hours (RATE_LIMITED, with `retryAfterSeconds` until
 * the oldest of those is a day old). Runs inside the creating transaction, which must know the
 * user (`app.user_id`); a per-account advisory lock serialises one account's creations, so two
 * concurrent requests cannot both pass the count.
 */
export async function assertMayCreateWorkspace(tx: Tx, userId: string, limits: WorkspaceCreationLimits, now = new Date()): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`workspace-create:${userId}`}, 0))::text AS locked`;
  const since = new Date(now.getTime() - DAY_MS);
  const total = await tx.workspaceCreation.count({ where: { userId } });
  const recent = await tx.workspaceCreation.findMany({ where: { userId, createdAt: { gt: since } }, select: { createdAt: true }, orderBy: { createdAt: "asc" } });
  if (total >= limits.max) {
    throw new AppError("FORBIDDEN", `This account has created the most workspaces it may (${limits.max}). Ask support to raise the limit.`, { limit: limits.max });
  }
  if (recent.length >= limits.perDay) {
    // The creation that has to age out before the next one fits.
    const freedAt = recent[recent.length - limits.perDay]!.createdAt.getTime() + DAY_MS;
    const retryAfterSeconds = Math.max(1, Math.ceil((freedAt - now.getTime()) / 1000));
    throw new AppError("RATE_LIMITED", `This account may create ${limits.perDay} workspaces a day. Try again later.`, { retryAfterSeconds, limit: limits.perDay });
  }
}
