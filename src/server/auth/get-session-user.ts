import "server-only";
import { decode } from "next-auth/jwt";
import { env } from "../infra/env/load-env";
import { isSessionCurrent } from "../sessions/session-version";
import { readCookie, SESSION_COOKIES } from "./session-cookie";

/**
 * The signed-in user's id from the session JWT, or null. A tampered, expired or foreign token
 * fails decryption/verification and is treated as signed out, and so is a token issued before
 * the user's sessions were revoked (its `sv` is older than the user's session version).
 */
export async function getSessionUserId(headers: Headers): Promise<string | null> {
  const cookieHeader = headers.get("cookie");
  for (const name of SESSION_COOKIES) {
    const token = readCookie(cookieHeader, name);
    if (!token) continue;
    let payload;
    try {
      payload = await decode({ token, secret: env().NEXTAUTH_SECRET });
    } catch {
      return null;
    }
    if (!payload || typeof payload.uid !== "string") return null;
    return (await isSessionCurrent(payload.uid, payload.sv)) ? payload.uid : null;
  }
  return null;
}
