import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { blindIndex, encrypt } from "../infra/crypto/field-crypto";
import { db } from "../infra/db/client";
import { logger } from "../infra/logger";
import { emailSchema } from "./email";
import { claimSsoLink } from "./sso-link";

/** The ID token / userinfo claims we read; anything else the provider sends is ignored. */
const oidcClaims = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().optional(),
  email_verified: z.unknown().optional(),
  name: z.string().max(200).optional(),
});

/**
 * Why a single sign-on was refused (each has its own message on the sign-in or account page):
 * - `email-unverified`: the provider did not say `email_verified: true`;
 * - `account-exists`: a new identity whose email already has an account: never merged, the owner
 *   signs in with their password and links the identity from their account page;
 * - `link-expired`: a link request that is used, expired, or was started by someone else;
 * - `identity-in-use`: linking an identity that already belongs to another account;
 * - `bad-profile`: the provider's claims were not usable.
 */
export type OidcRefusal = "email-unverified" | "account-exists" | "link-expired" | "identity-in-use" | "bad-profile";

export type OidcOutcome = { userId: string; via: "identity" | "new-account" | "link" } | { refused: OidcRefusal };

export type OidcSignIn = {
  /** The issuer: identities are (issuer, subject) pairs. */
  provider: string;
  /** The provider's raw claims (ID token or userinfo). */
  claims: unknown;
  /** Present when this browser carries a link request: its secret and the user signed in here now. */
  link?: { secret: string; sessionUserId: string | null };
};

const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";

/**
 * Decides an OpenID Connect sign-in. An identity signs in to the account it is linked to, and is
 * linked only (a) to a brand-new account when its verified email has none, or (b) to the signed-in
 * user who asked to link it. It is never attached to an existing account by email: an address
 * proves nothing about who holds that account's password (it may be someone who signed up first).
 */
export async function signInWithOidc(input: OidcSignIn): Promise<OidcOutcome> {
  const parsed = oidcClaims.safeParse(input.claims);
  if (!parsed.success) return refuse("bad-profile", input.provider);
  const claims = parsed.data;
  if (claims.email_verified !== true) return refuse("email-unverified", input.provider);

  if (input.link) return linkIdentity(input.provider, claims.sub, input.link);

  const identity = await db().userIdentity.findUnique({ where: { provider_subject: { provider: input.provider, subject: claims.sub } }, select: { userId: true } });
  if (identity) return { userId: identity.userId, via: "identity" };

  const email = emailSchema.safeParse(claims.email);
  if (!email.success) return refuse("bad-profile", input.provider);
  const emailHash = blindIndex(email.data);
  try {
    const userId = await db().$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { emailHash }, select: { id: true } })) return null;
      const user = await tx.user.create({
        data: { emailHash, emailEnc: encrypt(email.data), nameEnc: claims.name ? encrypt(claims.name) : null, emailVerifiedAt: new Date() },
        select: { id: true },
      });
      await tx.userIdentity.create({ data: { userId: user.id, provider: input.provider, subject: claims.sub }, select: { id: true } });
      return user.id;
    });
    return userId ? { userId, via: "new-account" } : refuse("account-exists", input.provider);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent sign-in created the identity, or someone took the address in between.
    const again = await db().userIdentity.findUnique({ where: { provider_subject: { provider: input.provider, subject: claims.sub } }, select: { userId: true } });
    return again ? { userId: again.userId, via: "identity" } : refuse("account-exists", input.provider);
  }
}

async function linkIdentity(provider: string, subject: string, link: NonNullable<OidcSignIn["link"]>): Promise<OidcOutcome> {
  try {
    const outcome = await db().$transaction(async (tx): Promise<OidcOutcome> => {
      const userId = await claimSsoLink(tx, link.secret, link.sessionUserId);
      if (!userId) return { refused: "link-expired" };
      const identity = await tx.userIdentity.findUnique({ where: { provider_subject: { provider, subject } }, select: { userId: true } });
      if (identity && identity.userId !== userId) return { refused: "identity-in-use" };
      if (!identity) await tx.userIdentity.create({ data: { userId, provider, subject }, select: { id: true } });
      return { userId, via: "link" };
    });
    if ("refused" in outcome) return refuse(outcome.refused, provider);
    logger.info({ userId: outcome.userId }, "single sign-on identity linked");
    return outcome;
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("identity-in-use", provider);
    throw error;
  }
}

function refuse(reason: OidcRefusal, provider: string): OidcOutcome {
  logger.info({ reason, provider }, "single sign-on refused");
  return { refused: reason };
}

/** The account a linked identity signs in to (the session token is issued for it). */
export async function userIdForIdentity(provider: string, subject: string): Promise<string | null> {
  const identity = await db().userIdentity.findUnique({ where: { provider_subject: { provider, subject } }, select: { userId: true } });
  return identity?.userId ?? null;
}
