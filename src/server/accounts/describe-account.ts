import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import { db } from "../infra/db/client";
import { env } from "../infra/env/load-env";
import { AppError } from "../infra/errors/app-error";

export type AccountSummary = {
  email: string;
  name: string | null;
  emailVerified: boolean;
  /** Linked single sign-on identities (no subject ids: only when each was linked). */
  identities: Array<{ linkedAt: Date }>;
  /** The identity provider's display name when single sign-on is configured. */
  sso: { name: string } | null;
};

/** The signed-in user's own account, for the account page. */
export async function describeAccount(userId: string): Promise<AccountSummary> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { emailEnc: true, nameEnc: true, emailVerifiedAt: true, identities: { select: { createdAt: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!user) throw new AppError("NOT_FOUND", "Your account was not found. Sign in again.");
  const e = env();
  return {
    email: decrypt(user.emailEnc),
    name: decryptOptional(user.nameEnc),
    emailVerified: user.emailVerifiedAt !== null,
    identities: user.identities.map((i) => ({ linkedAt: i.createdAt })),
    sso: e.OIDC_ISSUER ? { name: e.OIDC_DISPLAY_NAME } : null,
  };
}
