import NextAuth from "next-auth";
import { withPublicRoute } from "@/server/access/with-public-route";
import { clearSsoLinkCookie } from "@/server/accounts/sso-link";
import { authOptions } from "@/server/auth/auth-options";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Built per request so configuration is read at run time, not at build time.
const handler = withPublicRoute<RouteContext>(
  { route: "auth", reason: "next-auth sign-in, callback and sign-out: this is where a session starts; logins are rate-limited in authOptions." },
  async (req, ctx) => {
    const params = await ctx.params;
    const res = (await NextAuth(req as never, { params } as never, authOptions(req))) as Response;
    // A "link single sign-on" request is good for one return from the provider, whatever happened.
    if (params.nextauth.join("/") === "callback/oidc") res.headers.append("set-cookie", clearSsoLinkCookie());
    return res;
  },
);

export { handler as GET, handler as POST };
