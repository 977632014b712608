/**
 * The X poll cursor, stored as a JSON string on the channel so polling resumes after a
 * restart. One stream state for mentions and one for DMs:
 * - `doneUpTo`: every item with an id at or below it was handled (ids are snowflakes: they
 *   grow with time). Null on a started stream that has seen nothing yet.
 * - `backlog`: a catch-up cut short (page budget, 429, remaining 0). Items with ids in
 *   [lowest, newest] were handled; (doneUpTo, lowest) is still to fetch, from `token` when X
 *   gave one (DMs) or with until_id=lowest (mentions). Finishing it sets doneUpTo = newest;
 *   anything newer than `newest` is left for the polls after that.
 */
import { z } from "zod";
import { AppError } from "../../infra/errors/app-error";

const snowflake = z.string().regex(/^\d{1,19}$/);
const streamSchema = z.object({
  doneUpTo: snowflake.nullable(),
  backlog: z.object({ lowest: snowflake, newest: snowflake, token: z.string().max(500).nullable() }).nullable(),
});
const cursorSchema = z.object({ v: z.literal(1), mentions: streamSchema.nullable(), dms: streamSchema.nullable() });

export type XStreamState = z.infer<typeof streamSchema>;
export type XPollCursor = z.infer<typeof cursorSchema>;

/** Null (never polled) -> both streams start fresh. A malformed stored cursor is a bug: refuse it loudly. */
export function parseXCursor(cursor: string | null): XPollCursor {
  if (cursor === null) return { v: 1, mentions: null, dms: null };
  let json: unknown;
  try {
    json = JSON.parse(cursor);
  } catch {
    throw new AppError("BAD_REQUEST", "The stored X poll cursor is not JSON.");
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "The stored X poll cursor has an unknown shape.");
  return parsed.data;
}

export function serialiseXCursor(cursor: XPollCursor): string {
  return JSON.stringify(cursor);
}

export const compareIds = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);
