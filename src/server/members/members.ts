import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { decryptOptional, decrypt } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import { bumpSessionVersion } from "../sessions/session-version";

export async function listMembers(tx: Tx, workspaceId: string) {
  const rows = await tx.membership.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, emailEnc: true, nameEnc: true } } },
  });
  return rows.map((m) => ({ id: m.id, role: m.role, userId: m.user.id, email: decrypt(m.user.emailEnc), name: decryptOptional(m.user.nameEnc), createdAt: m.createdAt }));
}

export const changeRoleInput = z.object({ membershipId: z.string().min(1), role: z.enum(["ADMIN", "AGENT", "VIEWER"]) });

async function assertNotLastAdmin(tx: Tx, workspaceId: string, membershipId: string): Promise<void> {
  const target = await tx.membership.findFirst({ where: { id: membershipId, workspaceId }, select: { role: true } });
  if (!target) throw new AppError("NOT_FOUND", "No member with that id in this workspace.");
  if (target.role !== "ADMIN") return;
  // Lock this workspace's admin rows: two admins demoting each other at once cannot both pass.
  // The explicit workspace predicate matters as much as RLS: the count must never include the
  // caller's memberships elsewhere.
  const admins = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "memberships" WHERE "workspaceId" = ${workspaceId} AND "role" = 'ADMIN' FOR UPDATE`;
  if (admins.length <= 1) throw new AppError("BAD_REQUEST", "A workspace needs at least one admin.");
}

export async function changeMemberRole(tx: Tx, workspaceId: string, actorId: string, input: z.infer<typeof changeRoleInput>) {
  if (input.role !== "ADMIN") await assertNotLastAdmin(tx, workspaceId, input.membershipId);
  const updated = await tx.membership.updateMany({ where: { id: input.membershipId, workspaceId }, data: { role: input.role } });
  if (updated.count === 0) throw new AppError("NOT_FOUND", "No member with that id in this workspace.");
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: actorId }, action: "member.role.change", target: { type: "membership", id: input.membershipId }, metadata: { role: input.role } });
}

export async function removeMember(tx: Tx, workspaceId: string, actorId: string, membershipId: string) {
  await assertNotLastAdmin(tx, workspaceId, membershipId);
  const removed = await tx.membership.findFirst({ where: { id: membershipId, workspaceId }, select: { userId: true } });
  const { count } = await tx.membership.deleteMany({ where: { id: membershipId, workspaceId } });
  if (count === 0 || !removed) throw new AppError("NOT_FOUND", "No member with that id in this workspace.");
  // Their open sessions (and live streams) end now, not when the next request is checked.
  await bumpSessionVersion(tx, removed.userId);
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: actorId }, action: "member.remove", target: { type: "membership", id: membershipId } });
}
