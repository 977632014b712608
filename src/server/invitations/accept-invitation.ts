import { recordAudit } from "../audit/record-audit";
import { blindIndex, decrypt } from "../crypto/field-crypto";
import { db } from "../db/client";
import { withTenant } from "../db/tenant";
import { AppError } from "../errors/app-error";
import { parseInvitationToken } from "./invitation-token";

/** The signed-in user accepts an invitation and joins its workspace with the invited role. */
export async function acceptInvitation(userId: string, token: string): Promise<{ workspaceId: string; role: string }> {
  const { workspaceId, tokenHash } = parseInvitationToken(token);
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, select: { emailEnc: true } });
  return withTenant({ workspaceId, userId }, async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { tokenHash, workspaceId } });
    if (!invitation || invitation.revokedAt) throw new AppError("NOT_FOUND", "This invitation does not exist or was revoked.");
    if (invitation.acceptedAt) throw new AppError("CONFLICT", "This invitation has already been used.");
    if (invitation.expiresAt < new Date()) throw new AppError("BAD_REQUEST", "This invitation has expired. Ask your admin for a new one.");
    if (invitation.emailHash !== blindIndex(decrypt(user.emailEnc))) {
      throw new AppError("FORBIDDEN", "This invitation was sent to a different email address. Sign in with that address to accept it.");
    }
    await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId, userId } },
      update: { role: invitation.role },
      create: { workspaceId, userId, role: invitation.role },
    });
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, workspaceId, acceptedAt: null }, data: { acceptedAt: new Date(), acceptedById: userId } });
    if (count === 0) throw new AppError("CONFLICT", "This invitation has already been used.");
    await recordAudit(tx, workspaceId, {
      actor: { type: "USER", id: userId },
      action: "invitation.accept",
      target: { type: "invitation", id: invitation.id },
      metadata: { role: invitation.role },
    });
    return { workspaceId, role: invitation.role };
  });
}
