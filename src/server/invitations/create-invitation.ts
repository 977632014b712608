import { z } from "zod";
import { emailSchema } from "../accounts/email";
import { recordAudit } from "../audit/record-audit";
import { blindIndex, encrypt } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { env } from "../infra/env/load-env";
import { newInvitationToken } from "./invitation-token";

export const createInvitationInput = z.object({
  email: emailSchema,
  role: z.enum(["ADMIN", "AGENT", "VIEWER"]),
});

const VALID_DAYS = 7;

/** Admin invites by email with a role; the returned link is shown to copy (and can be emailed). */
export async function createInvitation(tx: Tx, workspaceId: string, userId: string, input: z.infer<typeof createInvitationInput>) {
  const { token, tokenHash } = newInvitationToken(workspaceId);
  const invitation = await tx.invitation.create({
    data: {
      workspaceId,
      emailHash: blindIndex(input.email),
      emailEnc: encrypt(input.email),
      role: input.role,
      tokenHash,
      invitedById: userId,
      expiresAt: new Date(Date.now() + VALID_DAYS * 86_400_000),
    },
    select: { id: true, role: true, expiresAt: true },
  });
  await recordAudit(tx, workspaceId, {
    actor: { type: "USER", id: userId },
    action: "invitation.create",
    target: { type: "invitation", id: invitation.id },
    metadata: { role: input.role },
  });
  return { ...invitation, link: `${env().APP_URL}/invite/${token}` };
}
