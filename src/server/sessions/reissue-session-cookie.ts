import { encode } from "next-auth/jwt";
import { serializeCookie, SESSION_MAX_AGE_SECONDS, sessionCookieName } from "../auth/session-cookie";
import { env } from "../infra/env/load-env";

/**
 * A Set-Cookie value holding a fresh session token for `userId` at `sessionVersion`: after a
 * password change the current browser stays signed in while every other session ends.
 */
export async function reissueSessionCookie(userId: string, sessionVersion: number): Promise<string> {
  const token = await encode({ token: { uid: userId, sv: sessionVersion }, secret: env().NEXTAUTH_SECRET, maxAge: SESSION_MAX_AGE_SECONDS });
  return serializeCookie(sessionCookieName(), token, { maxAgeSeconds: SESSION_MAX_AGE_SECONDS });
}
