import { recordAudit } from "../audit/record-audit";
import { decrypt } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";

export async function listPendingInvitations(tx: Tx, workspaceId: string) {
  const rows = await tx.invitation.findMany({
    where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, emailEnc: true, role: true, expiresAt: true, createdAt: true },
  });
  return rows.map(({ emailEnc, ...r }) => ({ ...r, email: decrypt(emailEnc) }));
}

export async function revokeInvitation(tx: Tx, workspaceId: string, userId: string, invitationId: string): Promise<void> {
  const { count } = await tx.invitation.updateMany({ where: { id: invitationId, workspaceId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("NOT_FOUND", "No pending invitation with that id.");
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "invitation.revoke", target: { type: "invitation", id: invitationId } });
}
