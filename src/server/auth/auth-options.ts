import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { findOrCreateOidcUser } from "../accounts/find-or-create-oidc-user";
import { verifyCredentials } from "../accounts/verify-credentials";
import { blindIndex } from "../infra/crypto/field-crypto";
import { env } from "../infra/env/load-env";
import { rateLimiter } from "../infra/runtime/ports";
import { clientIp } from "./client-ip";
import { cookiesAreSecure } from "./session-cookie";

type OidcProfile = { sub: string; email?: string; name?: string };

function oidcProvider(): OAuthConfig<OidcProfile> | null {
  const e = env();
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return null;
  return {
    id: "oidc",
    name: e.OIDC_DISPLAY_NAME,
    type: "oauth",
    wellKnown: `${e.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    idToken: true,
    checks: ["pkce", "state"],
    authorization: { params: { scope: "openid email profile" } },
    profile: (p) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? null }),
  };
}

export function authOptions(): NextAuthOptions {
  const e = env();
  const oidc = oidcProvider();
  return {
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    useSecureCookies: cookiesAreSecure(),
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const ip = clientIp(req.headers as Record<string, unknown> | undefined);
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const limiter = rateLimiter();
          const [byIp, byAccount] = await Promise.all([
            limiter.limit("login-ip", ip),
            limiter.limit("login-account", blindIndex(email || "-")),
          ]);
          if (!byIp.success || !byAccount.success) throw new Error("Too many sign-in attempts. Wait a few minutes and try again.");
          // Only now the scrypt work (32 MB, tens of ms): a limited client never gets to cost it.
          const result = await verifyCredentials(credentials?.email, credentials?.password);
          return result ? { id: result.userId } : null;
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      async jwt({ token, user, account }) {
        if (account?.provider === "oidc" && account.providerAccountId) {
          if (!token.email) throw new Error("Your identity provider did not share an email address.");
          const { userId } = await findOrCreateOidcUser({ provider: e.OIDC_ISSUER ?? "oidc", subject: account.providerAccountId, email: token.email, name: token.name });
          return { uid: userId };
        }
        // Only the user id travels in the token: no email or name (PII) in cookies.
        if (user) return { uid: user.id };
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { id: typeof token.uid === "string" ? token.uid : "" } };
      },
    },
  };
}
