import { Prisma } from "@/generated/prisma/client";
import { SAVED_REPLIES_MAX, type SavedReplyValues } from "@/shared/saved-replies/saved-reply-input";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";

const SELECT = { id: true, title: true, body: true, shortcut: true, updatedAt: true } as const;

export type SavedReplyView = { id: string; title: string; body: string; shortcut: string | null; updatedAt: Date };

/** The workspace's saved replies, by title (the composer's menu and the settings list). */
export async function listSavedReplies(tx: Tx, workspaceId: string): Promise<SavedReplyView[]> {
  return tx.savedReply.findMany({ where: { workspaceId }, orderBy: [{ title: "asc" }, { id: "asc" }], select: SELECT, take: SAVED_REPLIES_MAX });
}

const taken = (shortcut: string) => new AppError("CONFLICT", `Another saved reply already uses /${shortcut}. Pick a different shortcut.`);

/** A shortcut taken by another saved reply answers CONFLICT naming it, not a database error (a race past the check below). */
function shortcutTaken(error: unknown, shortcut: string | null): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && shortcut) throw taken(shortcut);
  throw error;
}

async function assertShortcutFree(tx: Tx, workspaceId: string, shortcut: string | null, exceptId?: string): Promise<void> {
  if (!shortcut) return;
  const other = await tx.savedReply.findFirst({ where: { workspaceId, shortcut, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (other) throw taken(shortcut);
}

export async function createSavedReply(tx: Tx, workspaceId: string, userId: string, input: SavedReplyValues): Promise<SavedReplyView> {
  const count = await tx.savedReply.count({ where: { workspaceId } });
  if (count >= SAVED_REPLIES_MAX) throw new AppError("BAD_REQUEST", `A workspace keeps at most ${SAVED_REPLIES_MAX} saved replies; delete one first.`);
  await assertShortcutFree(tx, workspaceId, input.shortcut);
  const created = await tx.savedReply.create({ data: { workspaceId, createdById: userId, ...input }, select: SELECT }).catch((e: unknown) => shortcutTaken(e, input.shortcut));
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "saved_reply.create", target: { type: "saved_reply", id: created.id }, metadata: { shortcut: input.shortcut !== null } });
  return created;
}

export async function updateSavedReply(tx: Tx, workspaceId: string, userId: string, id: string, input: SavedReplyValues): Promise<SavedReplyView> {
  const before = await tx.savedReply.findFirst({ where: { id, workspaceId }, select: SELECT });
  if (!before) throw new AppError("NOT_FOUND", "No saved reply with that id.");
  await assertShortcutFree(tx, workspaceId, input.shortcut, id);
  await tx.savedReply.updateMany({ where: { id, workspaceId }, data: input }).catch((e: unknown) => shortcutTaken(e, input.shortcut));
  const changed = (["title", "body", "shortcut"] as const).filter((field) => before[field] !== input[field]);
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "saved_reply.update", target: { type: "saved_reply", id }, metadata: { changed } });
  return tx.savedReply.findFirstOrThrow({ where: { id, workspaceId }, select: SELECT });
}

export async function deleteSavedReply(tx: Tx, workspaceId: string, userId: string, id: string): Promise<void> {
  const { count } = await tx.savedReply.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw new AppError("NOT_FOUND", "No saved reply with that id.");
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "saved_reply.delete", target: { type: "saved_reply", id } });
}
