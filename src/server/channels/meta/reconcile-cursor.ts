/**
 * The Meta reconciliation cursor, stored as JSON on the channel (`pollCursor`) so a run resumes
 * after a restart: the newest item time seen (`since`, ms) and the ids seen in the overlap
 * window just before it. Graph times have second precision and an item can show up in the read
 * API a little after its `created_time`, so each run re-reads OVERLAP_MS before `since` and
 * `seen` keeps those items from being handed out twice (storage dedupes them anyway).
 * `pageId` caches the Page behind an Instagram account (found once with `GET /me`).
 */
import { z } from "zod";
import { AppError } from "../../infra/errors/app-error";

export const OVERLAP_MS = 2 * 60_000;
/**
 * The first run (no cursor) looks back this far: enough for a webhook missed between connecting
 * (when the app is subscribed) and that run, which the fan-out starts within a minute. Not more:
 * older conversations were never Leadline's and may already have been answered elsewhere.
 */
export const FIRST_LOOKBACK_MS = 10 * 60_000;
/** Bound on the ids kept; past it the oldest go (storage still dedupes what they covered). */
const MAX_SEEN = 500;

const cursorSchema = z.object({
  v: z.literal(1),
  since: z.number().int().nonnegative(),
  seen: z.array(z.string().min(1).max(300)).max(MAX_SEEN),
  pageId: z.string().regex(/^\d{1,30}$/).nullable(),
});

export type MetaReconcileCursor = z.infer<typeof cursorSchema>;
export type SeenItem = { id: string; at: number };

export function parseReconcileCursor(cursor: string | null, now: number): MetaReconcileCursor {
  if (cursor === null) return { v: 1, since: now - FIRST_LOOKBACK_MS, seen: [], pageId: null };
  let json: unknown;
  try {
    json = JSON.parse(cursor);
  } catch {
    throw new AppError("BAD_REQUEST", "The stored Meta reconciliation cursor is not JSON.");
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "The stored Meta reconciliation cursor has an unknown shape.");
  return parsed.data;
}

/** Oldest item time a run still reads. */
export const readFloor = (cursor: MetaReconcileCursor) => cursor.since - OVERLAP_MS;

/** Not handed out before: inside the read window and not among the ids already seen. */
export function isNew(cursor: MetaReconcileCursor, item: SeenItem): boolean {
  return item.at >= readFloor(cursor) && !cursor.seen.includes(item.id);
}

/** The cursor after a run that read `items` (everything it saw in the window, new or not). */
export function advanceCursor(cursor: MetaReconcileCursor, items: readonly SeenItem[], pageId: string | null): MetaReconcileCursor {
  const since = Math.max(cursor.since, ...items.map((i) => i.at));
  const floor = since - OVERLAP_MS;
  // Every run re-reads the whole window, so the items read are all the ids the next one needs.
  const inWindow = items.filter((i) => i.at >= floor).sort((a, b) => b.at - a.at);
  return { v: 1, since, seen: [...new Set(inWindow.map((i) => i.id))].slice(0, MAX_SEEN), pageId };
}

export const serialiseReconcileCursor = (cursor: MetaReconcileCursor) => JSON.stringify(cursor);
