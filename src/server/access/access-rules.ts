import "server-only";
import type { Prisma, Role } from "@/generated/prisma/client";

/**
 * The access rules of the app, in one place: how roles rank, which conversations a member
 * sees, who may export personal data. Entry points enforce them through `resolveActor`.
 */
export const ROLE_RANK: Record<Role, number> = { VIEWER: 1, AGENT: 2, ADMIN: 3 };

export function hasRole(role: Role, minRole: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minRole];
}

/**
 * The workspace's conversations a member may see: agents those assigned to them and unassigned
 * ones; admins and viewers all.
 */
export function visibleConversations(workspaceId: string, role: Role, userId: string): Prisma.ConversationWhereInput {
  return role === "AGENT" ? { workspaceId, OR: [{ assigneeId: null }, { assigneeId: userId }] } : { workspaceId };
}

/** Exports carry contacts' personal data in clear: admins only. */
export function canExportPii(role: Role): boolean {
  return role === "ADMIN";
}
