import type { Prisma } from "@/generated/prisma/client";
import { serializeCookie } from "../auth/session-cookie";
import { db } from "../infra/db/client";
import { newId } from "../infra/db/new-id";
import { hashAccountSecret, newAccountSecret } from "./account-secret";

/** The httpOnly cookie that carries a link request's secret from "Link" to the SSO callback. */
export const SSO_LINK_COOKIE = "ll_sso_link";
/** From pressing "Link" to coming back from the identity provider. */
export const SSO_LINK_TTL_MS = 10 * 60_000;

/**
 * A signed-in user asks to link the next single sign-on identity to their account. Returns the
 * secret for the cookie; only its keyed hash is stored. An earlier unfinished request is replaced.
 */
export async function startSsoLink(userId: string, now = new Date()): Promise<{ secret: string }> {
  const secret = newAccountSecret();
  await db().$transaction(async (tx) => {
    await tx.ssoLinkIntent.deleteMany({ where: { userId } });
    await tx.ssoLinkIntent.create({
      data: { id: newId(), userId, secretHash: hashAccountSecret("sso-link", secret), expiresAt: new Date(now.getTime() + SSO_LINK_TTL_MS) },
      select: { id: true },
    });
  });
  return { secret };
}

/**
 * Uses a link request, in one statement: only once, only before it expires, and only for the user
 * who is signed in in this browser now (the one who started it). Returns that user's id, or null;
 * a refusal does not say which condition failed.
 */
export async function claimSsoLink(tx: Prisma.TransactionClient, secret: string, sessionUserId: string | null, now = new Date()): Promise<string | null> {
  if (!sessionUserId) return null;
  const rows = await tx.$queryRaw<Array<{ userId: string }>>`
    UPDATE sso_link_intents SET "usedAt" = ${now}::timestamp(3)
     WHERE "secretHash" = ${hashAccountSecret("sso-link", secret)} AND "userId" = ${sessionUserId}
       AND "usedAt" IS NULL AND "expiresAt" > ${now}::timestamp(3)
    RETURNING "userId"`;
  return rows[0]?.userId ?? null;
}

/** The link request's cookie: httpOnly, sent on the provider's top-level redirect back (Lax). */
export function ssoLinkCookie(secret: string): string {
  return serializeCookie(SSO_LINK_COOKIE, secret, { maxAgeSeconds: SSO_LINK_TTL_MS / 1000, sameSite: "Lax" });
}

/** Removes the link request's cookie once the provider came back, whatever the outcome. */
export function clearSsoLinkCookie(): string {
  return serializeCookie(SSO_LINK_COOKIE, "", { maxAgeSeconds: 0, sameSite: "Lax" });
}
