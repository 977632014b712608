import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { AppError } from "../infra/errors/app-error";

/** Who did it: a member ("user:<id>"), Leadline itself, or the AI. */
const actorFilter = z.union([z.literal("SYSTEM"), z.literal("AI"), z.string().regex(/^user:[A-Za-z0-9_-]{1,100}$/, "actor must be SYSTEM, AI or user:<id>")]);

/** The audit log's filters, shared by the page (tRPC) and the CSV export (query string). */
export const auditFiltersSchema = z
  .strictObject({
    action: z.string().trim().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, "action must be an action code such as knowledge.create").max(100).optional(),
    actor: actorFilter.optional(),
    /** From this instant (inclusive) ... */
    from: z.coerce.date().optional(),
    /** ... to this instant (exclusive). */
    to: z.coerce.date().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: "The start of the date range must be before its end", path: ["from"] });
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

/** Newest first; the cursor is the last entry of the previous page (entries of one batch share a time). */
export const auditCursorSchema = z.strictObject({ createdAt: z.coerce.date(), id: z.string().min(1).max(100) });
export type AuditCursor = z.infer<typeof auditCursorSchema>;

export function auditWhere(workspaceId: string, filters: AuditFilters, cursor?: AuditCursor | null): Prisma.AuditLogWhereInput {
  const actor: Prisma.AuditLogWhereInput =
    filters.actor === undefined ? {} : filters.actor === "SYSTEM" || filters.actor === "AI" ? { actorType: filters.actor } : { actorType: "USER", actorId: filters.actor.slice(5) };
  return {
    workspaceId,
    ...(filters.action ? { action: filters.action } : {}),
    ...actor,
    ...(filters.from || filters.to ? { createdAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } } : {}),
    ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
  };
}

export const AUDIT_ORDER = [{ createdAt: "desc" }, { id: "desc" }] as const satisfies Prisma.AuditLogOrderByWithRelationInput[];

/** Filters from the export's query string: unknown or repeated parameters are a clear 400. */
export function auditFiltersFromSearchParams(params: URLSearchParams): AuditFilters {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!["action", "actor", "from", "to"].includes(key)) throw new AppError("BAD_REQUEST", `Bad export filter: unknown parameter ${key.slice(0, 40)}.`);
    if (key in raw) throw new AppError("BAD_REQUEST", `Bad export filter: repeated: ${key}.`);
    if (value !== "") raw[key] = value;
  }
  const parsed = auditFiltersSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", `Bad export filter: ${parsed.error.issues.map((i) => `${i.path.join(".") || "filters"}: ${i.message}`).join("; ")}.`);
  }
  return parsed.data;
}

/** The filters as plain values for the export's audit entry (codes, ids and instants only). */
export function describeAuditFilters(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filters).flatMap(([key, value]) => (value instanceof Date ? [[key, value.toISOString()]] : typeof value === "string" ? [[key, value]] : [])),
  );
}
