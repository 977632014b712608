import { z } from "zod";
import { AppError } from "../infra/errors/app-error";
import { INTENTS, TIERS } from "@/shared/vocabulary";

export const LEAD_SORTS = ["score", "tier", "lastContact", "created"] as const;
export const LEAD_STATUSES = ["NEW", "QUALIFIED", "WON", "LOST"] as const;
export const CRM_FILTERS = ["PENDING", "SYNCED", "FAILED", "DEAD", "NONE"] as const;

/**
 * The leads table's filters and order, shared by the tRPC list and the CSV export (which reads
 * them from the URL, so every field is a plain string there). `owner`: "me", "none" (unassigned)
 * or a member's user id; `crm`: a link state in any connected CRM, or "NONE" (not sent anywhere).
 */
export const leadFiltersSchema = z.strictObject({
  tier: z.enum(TIERS).optional(),
  status: z.enum(LEAD_STATUSES).optional(),
  intent: z.enum(INTENTS).optional(),
  channelId: z.string().trim().min(1).max(100).optional(),
  owner: z.string().trim().min(1).max(100).optional(),
  crm: z.enum(CRM_FILTERS).optional(),
  sort: z.enum(LEAD_SORTS).default("score"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});
export type LeadFilters = z.infer<typeof leadFiltersSchema>;

/** One page of the table: the filters plus where the previous page ended. */
export const leadListSchema = leadFiltersSchema.extend({
  cursor: z.string().max(400).nullish(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type LeadListInput = z.infer<typeof leadListSchema>;

/** Where a page ended: the sort value and id of its last row (opaque to clients, base64url JSON). */
const cursorSchema = z.strictObject({ s: z.enum(LEAD_SORTS), d: z.enum(["asc", "desc"]), k: z.union([z.number().int(), z.string().datetime()]), id: z.string().min(1).max(100) });
export type LeadCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: LeadCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/** The cursor, checked against the order it must continue (a cursor from another sort is refused). */
export function decodeCursor(raw: string, filters: Pick<LeadFilters, "sort" | "dir">): LeadCursor {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    // falls through to the refusal below
  }
  const cursor = cursorSchema.safeParse(parsed);
  if (!cursor.success || cursor.data.s !== filters.sort || cursor.data.d !== filters.dir) {
    throw new AppError("BAD_REQUEST", "This page link is out of date: reload the leads from the first page.");
  }
  const timed = filters.sort === "lastContact" || filters.sort === "created";
  if (timed !== (typeof cursor.data.k === "string")) throw new AppError("BAD_REQUEST", "This page link is out of date: reload the leads from the first page.");
  return cursor.data;
}

/**
 * The filters from a URL's query string (the export link): unknown or repeated parameters and bad
 * values are refused with one message naming each of them.
 */
export function filtersFromSearchParams(params: URLSearchParams): LeadFilters {
  const raw: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [key, value] of params) {
    if (key in raw) repeated.push(key);
    raw[key] = value;
  }
  if (repeated.length > 0) throw new AppError("BAD_REQUEST", `Give each filter once (repeated: ${[...new Set(repeated)].join(", ")}).`);
  const parsed = leadFiltersSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => (issue.code === "unrecognized_keys" ? `unknown parameter ${issue.keys.join(", ")}` : `${issue.path.join(".") || "query"}: ${issue.message}`));
    throw new AppError("BAD_REQUEST", `Invalid leads filter (${problems.join("; ")}).`.slice(0, 400));
  }
  return parsed.data;
}

/** What the audit log keeps of a filter: the values as given (enums and ids, never contact data). */
export function describeFilters(filters: LeadFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
