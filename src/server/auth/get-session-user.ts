import "server-only";
import { decode } from "next-auth/jwt";
import { env } from "../infra/env/load-env";
import { readCookie, SESSION_COOKIES } from "./session-cookie";

/**
 * The signed-in user's id from the session JWT, or null. A tampered, expired or foreign token
 * fails decryption/verification and is treated as signed out.
 */
export async function getSessionUserId(headers: Headers): Promise<string | null> {
  const cookieHeader = headers.get("cookie");
  for (const name of SESSION_COOKIES) {
    const token = readCookie(cookieHeader, name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: env().NEXTAUTH_SECRET });
      if (payload && typeof payload.uid === "string") return payload.uid;
    } catch {
      return null;
    }
  }
  return null;
}
