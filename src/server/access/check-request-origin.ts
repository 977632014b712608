import "server-only";
import { env } from "../infra/env/load-env";
import { AppError } from "../infra/errors/app-error";

/** Methods that change nothing (RFC 9110 "safe"): never checked. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** `Sec-Fetch-Site` values of a request the app's own pages (or the person, typing a URL) made. */
const OWN_FETCH_SITES = new Set(["same-origin", "none"]);

export type RequestOrigin = { method: string; headers: Headers };

/**
 * Why a state-changing request is refused as cross-site, or null when it may go on. Cookies
 * ride along on cross-site requests whatever the page wanted (SameSite=Lax still lets some
 * through: top-level POST navigations in older browsers, same-site sibling hosts), so every
 * cookie-authenticated write checks where it comes from:
 *
 * - `Sec-Fetch-Site`, when the browser sends it, must be `same-origin` (or `none`: the person's
 *   own navigation); `same-site` is refused too, since a sibling subdomain is another app.
 * - `Origin`, when present, must be APP_URL's origin exactly (scheme, host and port). `null`
 *   (sandboxed frames, privacy redirects) is refused.
 * - Neither header: allowed. Every browser the app supports sends `Sec-Fetch-Site`, and `Origin`
 *   on every POST, so such a request comes from a non-browser client (a script, a test, a
 *   server), which holds the cookie itself and cannot be tricked into sending it. This is the
 *   rule of Go's `http.CrossOriginProtection` and of Rails/Django's origin checks.
 */
export function crossSiteRefusal(request: RequestOrigin, appUrl: string): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null && !OWN_FETCH_SITES.has(fetchSite.trim().toLowerCase())) return `Sec-Fetch-Site is ${fetchSite.slice(0, 20)}`;
  const origin = request.headers.get("origin");
  if (origin !== null && origin.trim() !== new URL(appUrl).origin) return "Origin is not the app's";
  return null;
}

/**
 * Throws AppError FORBIDDEN (403) for a cross-site state-changing request. Called by the one
 * actor resolver for route handlers and by the tRPC procedures for every mutation; platform
 * webhooks and QStash jobs are not cookie-authenticated (they verify signatures) and never
 * pass through here, and next-auth checks its own CSRF token.
 */
export function assertSameOrigin(request: RequestOrigin, appUrl: string = env().APP_URL): void {
  if (crossSiteRefusal(request, appUrl) !== null) {
    throw new AppError("FORBIDDEN", "Cross-site request refused. Reload the app and try again.");
  }
}
