import { blindIndex, encrypt } from "../infra/crypto/field-crypto";
import { db } from "../infra/db/client";
import { emailSchema } from "./email";

/** Links an OpenID Connect identity to a user: by (issuer, subject), else by verified email, else a new user. */
export async function findOrCreateOidcUser(input: { provider: string; subject: string; email: string; name?: string | null }): Promise<{ userId: string }> {
  const email = emailSchema.parse(input.email);
  const identity = await db().userIdentity.findUnique({ where: { provider_subject: { provider: input.provider, subject: input.subject } } });
  if (identity) return { userId: identity.userId };
  const user = await db().user.upsert({
    where: { emailHash: blindIndex(email) },
    update: {},
    create: { emailHash: blindIndex(email), emailEnc: encrypt(email), nameEnc: input.name ? encrypt(input.name) : null },
    select: { id: true },
  });
  await db().userIdentity.create({ data: { userId: user.id, provider: input.provider, subject: input.subject } });
  return { userId: user.id };
}
