import "server-only";
import { Prisma, type Role } from "@/generated/prisma/client";

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

/** The same rule as SQL, for raw queries over `conversations` aliased `c` (the inbox's filtered list). */
export function visibleConversationsSql(workspaceId: string, role: Role, userId: string): Prisma.Sql {
  return role === "AGENT"
    ? Prisma.sql`c."workspaceId" = ${workspaceId} AND (c."assigneeId" IS NULL OR c."assigneeId" = ${userId})`
    : Prisma.sql`c."workspaceId" = ${workspaceId}`;
}

/**
 * Who a member may assign a conversation to (null: unassign): admins anyone who can answer
 * (an agent or admin of the workspace, checked by the caller); agents only themselves, or
 * nobody, and only on conversations they see (their own or unassigned); viewers never.
 */
export function canAssign(role: Role, userId: string, assigneeId: string | null): boolean {
  if (role === "ADMIN") return true;
  if (role === "AGENT") return assigneeId === null || assigneeId === userId;
  return false;
}

/** Exports carry contacts' personal data in clear: admins only. */
export function canExportPii(role: Role): boolean {
  return role === "ADMIN";
}

/**
 * The leads CSV carries contacts' names and handles: admins (every lead) and agents (the leads of
 * the conversations they see); viewers read the table but never export it.
 */
export function canExportLeads(role: Role): boolean {
  return role === "ADMIN" || role === "AGENT";
}

/**
 * Internal notes: agents and admins write them on conversations they see; a note is deleted by
 * its author, or by an admin (any note); viewers only read.
 */
export function canDeleteNote(role: Role, userId: string, authorId: string | null): boolean {
  if (role === "ADMIN") return true;
  return role === "AGENT" && authorId === userId;
}
