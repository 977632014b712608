import { blindIndex } from "@/server/infra/crypto/field-crypto";
import { db } from "@/server/infra/db/client";
import { callerFor } from "./factories";

/**
 * Signs up through the public router and confirms the address with the link the mail carries
 * (the local outbox shows it outside production, as on a developer's machine), like a person.
 */
export async function signUpAndConfirm(input: { name: string; email: string; password: string }): Promise<{ userId: string; email: string }> {
  const result = await callerFor(null, null).account.signUp(input);
  const url = result.shownMail?.url;
  if (!url) throw new Error(`sign-up sent no confirmation link (mail: ${result.mail})`);
  const token = new URL(url).searchParams.get("token") ?? "";
  await callerFor(null, null).account.confirmEmail({ token, password: input.password });
  const user = await db().user.findUniqueOrThrow({ where: { emailHash: blindIndex(input.email) }, select: { id: true } });
  return { userId: user.id, email: input.email };
}
