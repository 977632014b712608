import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/auth-options";
import { getSessionUserId } from "@/server/auth/get-session-user";

type Call = { action: string; providerId?: string; method: "GET" | "POST"; query?: Record<string, string>; body?: Record<string, string> };
type Answer = { status: number; location: string | null; json: unknown };

/**
 * One browser's cookie jar driving next-auth's own request handler (the one the
 * `/api/auth/[...nextauth]` route wraps) through real sign-ins: credentials, and OpenID Connect
 * against a provider on a local port. Needs NEXTAUTH_URL (next-auth's origin) in the environment.
 */
export class AuthBrowser {
  readonly cookies = new Map<string, string>();

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
  }

  /**
   * One request through next-auth's request handler (its public (req, res) form; the App Router
   * form reads next/headers, which only exists inside Next). Cookies it sets land in the jar.
   */
  private async call(call: Call): Promise<Answer> {
    const headers = new Headers({ cookie: this.cookieHeader(), host: "localhost:3000", "x-forwarded-for": "198.51.100.7" });
    const setCookies: string[] = [];
    const answer: Answer = { status: 200, location: null, json: undefined };
    const res = {
      status(code: number) {
        answer.status = code;
        return res;
      },
      getHeader: (name: string) => (name.toLowerCase() === "set-cookie" ? [...setCookies] : undefined),
      setHeader(name: string, value: string | string[]) {
        if (name.toLowerCase() === "set-cookie") setCookies.splice(0, setCookies.length, ...(Array.isArray(value) ? value : [value]));
        if (name.toLowerCase() === "location") answer.location = String(value);
        return res;
      },
      end: () => undefined,
      json: (body: unknown) => {
        answer.json = body;
      },
      send: (body: unknown) => {
        answer.json = body;
      },
    };
    const req = {
      method: call.method,
      headers: Object.fromEntries(headers),
      cookies: Object.fromEntries(this.cookies),
      query: { nextauth: [call.action, ...(call.providerId ? [call.providerId] : [])], ...call.query },
      body: call.body ?? {},
    };
    // Built per request with the request's headers, as the route does.
    await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, authOptions({ headers }));
    for (const raw of setCookies) this.store(raw);
    const url = (answer.json as { url?: string } | undefined)?.url;
    if (url) answer.location = url;
    return answer;
  }

  private store(setCookie: string): void {
    const [pair = "", ...attrs] = setCookie.split(";").map((p) => p.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = decodeURIComponent(pair.slice(eq + 1));
    const maxAge = attrs.find((a) => /^max-age=/i.test(a))?.split("=")[1];
    const expires = attrs.find((a) => /^expires=/i.test(a))?.slice("expires=".length);
    const gone = value === "" || (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && new Date(expires).getTime() < Date.now());
    if (gone) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }

  private async csrf(): Promise<string> {
    const res = await this.call({ action: "csrf", method: "GET" });
    return (res.json as { csrfToken: string }).csrfToken;
  }

  /** The user this browser's session cookie signs in as (null: signed out or revoked). */
  async sessionUserId(): Promise<string | null> {
    return getSessionUserId(new Headers({ cookie: this.cookieHeader() }));
  }

  /** Email and password sign-in; resolves to where next-auth sends the browser (an error page carries `error=`). */
  async signInWithPassword(email: string, password: string): Promise<string> {
    const csrfToken = await this.csrf();
    const res = await this.call({ action: "callback", providerId: "credentials", method: "POST", body: { csrfToken, email, password, callbackUrl: "/inbox", json: "true" } });
    return res.location ?? "";
  }

  /**
   * "Continue with single sign-on": next-auth redirects to the provider, which signs in whoever
   * it was told and redirects back with a code; the callback then decides. Resolves to the final
   * redirect (the callbackUrl on success, or a page with the refusal).
   */
  async signInWithSso(callbackUrl = "/inbox"): Promise<string> {
    const csrfToken = await this.csrf();
    const start = await this.call({ action: "signin", providerId: "oidc", method: "POST", body: { csrfToken, callbackUrl, json: "true" } });
    if (!start.location) throw new Error(`sign-in did not redirect to the provider: ${JSON.stringify(start.json)}`);
    const authorize = await fetch(start.location, { redirect: "manual" });
    const back = authorize.headers.get("location");
    if (authorize.status !== 302 || !back) throw new Error(`the provider refused the authorization request (${authorize.status})`);
    const query = Object.fromEntries(new URL(back).searchParams);
    const done = await this.call({ action: "callback", providerId: "oidc", method: "GET", query });
    return done.location ?? "";
  }
}
