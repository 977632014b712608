import { env } from "../infra/env/load-env";

/** next-auth v4's session cookie names (the __Secure- one is used over HTTPS). */
export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** How long a session lasts (next-auth's `session.maxAge`). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

/** The member's active workspace; membership is checked on every request, never trusted from here. */
export const WORKSPACE_COOKIE = "ll_workspace";

export function readCookie(header: string | null, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

/**
 * The one `Secure` rule for every cookie the app sets (next-auth's session cookie included):
 * `SECURE_COOKIES` when set, else whether APP_URL is https.
 */
export function cookiesAreSecure(): boolean {
  const e = env();
  return e.SECURE_COOKIES ?? e.APP_URL.startsWith("https://");
}

type CookieOptions = { maxAgeSeconds: number; httpOnly?: boolean; sameSite?: "Lax" | "Strict" };

/** The one cookie writer: a Set-Cookie value with the app's Secure rule applied. */
export function serializeCookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", `Max-Age=${opts.maxAgeSeconds}`, `SameSite=${opts.sameSite ?? "Lax"}`];
  if (opts.httpOnly ?? true) parts.push("HttpOnly");
  if (cookiesAreSecure()) parts.push("Secure");
  return parts.join("; ");
}

export function workspaceCookie(workspaceId: string): string {
  return serializeCookie(WORKSPACE_COOKIE, workspaceId, { maxAgeSeconds: 31_536_000 });
}

/** The session cookie's name under the app's Secure rule (as next-auth names it). */
export function sessionCookieName(): (typeof SESSION_COOKIES)[number] {
  return cookiesAreSecure() ? SESSION_COOKIES[0] : SESSION_COOKIES[1];
}
