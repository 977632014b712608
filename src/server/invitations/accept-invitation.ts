import type { Role } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { blindIndex, decrypt } from "../infra/crypto/field-crypto";
import { db } from "../infra/db/client";
import { withTenant } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import { parseInvitationToken } from "./invitation-token";

const ROLE_RANK: Record<Role, number> = { VIEWER: 0, AGENT: 1, ADMIN: 2 };

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
    // An invitation can add a member or raise their role, never lower it: accepting one must not
    // demote an admin (possibly the workspace's last one).
    const existing = await tx.membership.findFirst({ where: { workspaceId, userId }, select: { role: true } });
    const role = existing && ROLE_RANK[existing.role] >= ROLE_RANK[invitation.role] ? existing.role : invitation.role;
    if (existing) await tx.membership.updateMany({ where: { workspaceId, userId }, data: { role } });
    else await tx.membership.create({ data: { workspaceId, userId, role } });
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, workspaceId, acceptedAt: null }, data: { acceptedAt: new Date(), acceptedById: userId } });
    if (count === 0) throw new AppError("CONFLICT", "This invitation has already been used.");
    await recordAudit(tx, workspaceId, {
      actor: { type: "USER", id: userId },
      action: "invitation.accept",
      target: { type: "invitation", id: invitation.id },
      metadata: { role },
    });
    return { workspaceId, role };
  });
}
