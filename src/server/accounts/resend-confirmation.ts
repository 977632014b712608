import { z } from "zod";
import { blindIndex, decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import { db } from "../infra/db/client";
import { confirmationMail } from "./account-mails";
import { callbackPathSchema } from "./callback-path";
import { emailSchema } from "./email";
import { issueEmailConfirmation } from "./issue-email-confirmation";
import { sendAccountMail, type MailOutcome } from "./send-account-mail";

export const resendConfirmationInput = z.object({ email: emailSchema, callbackUrl: callbackPathSchema.optional() });

/**
 * "Send the link again": a new confirmation link to an account that is still waiting for one
 * (earlier links stop working). The caller always gets the same answer, so this cannot be used
 * to learn which addresses have accounts; only where mails are shown on screen (no mail server,
 * not production) does the answer carry the mail.
 */
export async function resendConfirmation(input: z.infer<typeof resendConfirmationInput>): Promise<Pick<MailOutcome, "shownMail">> {
  const pending = await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { emailHash: blindIndex(input.email) }, select: { id: true, emailEnc: true, nameEnc: true, emailVerifiedAt: true } });
    if (!user || user.emailVerifiedAt) return null;
    const url = await issueEmailConfirmation(tx, user.id, input.callbackUrl);
    return confirmationMail(decrypt(user.emailEnc), decryptOptional(user.nameEnc) ?? "there", url);
  });
  if (!pending) return {};
  // A failed send is logged by the mail port; the answer stays the same ("if ... a link is on its way").
  const outcome = await sendAccountMail(pending);
  return outcome.shownMail ? { shownMail: outcome.shownMail } : {};
}
