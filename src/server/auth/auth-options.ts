import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { signInWithOidc, userIdForIdentity, type OidcRefusal } from "../accounts/sign-in-with-oidc";
import { SSO_LINK_COOKIE } from "../accounts/sso-link";
import { verifyCredentials } from "../accounts/verify-credentials";
import { blindIndex } from "../infra/crypto/field-crypto";
import { env } from "../infra/env/load-env";
import { rateLimiter } from "../infra/runtime/ports";
import { clientIp } from "./client-ip";
import { getSessionUserId } from "./get-session-user";
import { sessionClaims } from "../sessions/session-claims";
import { cookiesAreSecure, readCookie, SESSION_MAX_AGE_SECONDS } from "./session-cookie";

type OidcProfile = { sub: string; email?: string; email_verified?: unknown; name?: string };

/** What credentials sign-in throws for a right password whose email is not confirmed yet (the sign-in page explains it). */
export const EMAIL_NOT_CONFIRMED = "EmailNotConfirmed";

/**
 * Where a refused single sign-on lands: the account page when it was a link request, else the
 * sign-in page, with a code the page turns into a message (never text from the provider).
 */
function oidcRefusalUrl(reason: OidcRefusal, linking: boolean): string {
  const appUrl = env().APP_URL;
  if (linking) return new URL(`/account?sso=${reason}`, appUrl).toString();
  return new URL(`/sign-in?error=Sso-${reason}`, appUrl).toString();
}

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

/**
 * next-auth's options, built per request. `request` (the incoming one) lets single sign-on see
 * this browser's session and link request; without it an OIDC sign-in is never a link.
 */
export function authOptions(request?: { headers: Headers }): NextAuthOptions {
  const e = env();
  const oidc = oidcProvider();
  return {
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
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
          if (result && "unconfirmed" in result) throw new Error(EMAIL_NOT_CONFIRMED);
          return result ? { id: result.userId } : null;
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      // Single sign-on decides here, before any session exists: an identity signs in to the
      // account it is linked to, never to another account that merely shares its email.
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        const linkSecret = readCookie(request?.headers.get("cookie") ?? null, SSO_LINK_COOKIE);
        const outcome = await signInWithOidc({
          provider: e.OIDC_ISSUER ?? "oidc",
          claims: profile,
          link: linkSecret ? { secret: linkSecret, sessionUserId: request ? await getSessionUserId(request.headers) : null } : undefined,
        });
        return "refused" in outcome ? oidcRefusalUrl(outcome.refused, Boolean(linkSecret)) : true;
      },
      async jwt({ token, user, account }) {
        if (account?.provider === "oidc" && account.providerAccountId) {
          // `signIn` above linked or refused this identity; the session is for the account it is linked to.
          const userId = await userIdForIdentity(e.OIDC_ISSUER ?? "oidc", account.providerAccountId);
          if (!userId) throw new Error("Single sign-on did not complete.");
          return sessionClaims(userId);
        }
        // Only the user id and session version travel in the token: no email or name (PII) in cookies.
        if (user) return sessionClaims(user.id);
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { id: typeof token.uid === "string" ? token.uid : "" } };
      },
    },
  };
}
