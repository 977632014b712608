import { z } from "zod";

/** The longest range one request may ask for (a year and a day: a leap year's "last 12 months"). */
export const MAX_RANGE_DAYS = 366;
/** Ranges longer than this are bucketed by week instead of by day (90 days still shows days). */
export const DAY_BUCKETS_UP_TO_DAYS = 92;

const DAY_MS = 86_400_000;

/** An IANA zone the runtime knows ("Europe/Lisbon"); PostgreSQL is asked too (see run-analytics-query.ts). */
function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * What every analytics query takes: an instant range [from, to), an optional channel of the
 * active workspace (another workspace's id simply matches nothing) and the time zone whose days
 * and weeks the buckets follow.
 */
export const analyticsInput = z
  .object({
    from: z.date(),
    to: z.date(),
    channelId: z.string().min(1).max(64).optional(),
    timeZone: z.string().min(1).max(64).refine(isTimeZone, "Unknown time zone").default("UTC"),
  })
  .refine((r) => r.to.getTime() > r.from.getTime(), { message: "The range must end after it starts", path: ["to"] })
  .refine((r) => r.to.getTime() - r.from.getTime() <= MAX_RANGE_DAYS * DAY_MS, { message: `The range may span at most ${MAX_RANGE_DAYS} days`, path: ["from"] })
  .refine((r) => r.from.getUTCFullYear() >= 2000 && r.to.getTime() <= Date.now() + 2 * DAY_MS, { message: "The range must lie between the year 2000 and today", path: ["from"] });

export type AnalyticsInput = z.infer<typeof analyticsInput>;

export type Bucket = "day" | "week";

/** Day buckets up to ~3 months, week buckets beyond. */
export function bucketFor(input: Pick<AnalyticsInput, "from" | "to">): Bucket {
  return input.to.getTime() - input.from.getTime() > DAY_BUCKETS_UP_TO_DAYS * DAY_MS ? "week" : "day";
}

/**
 * The query parameters every aggregate binds: ISO instants (cast to `timestamp(3)`, which holds
 * UTC, in SQL, so neither Prisma's nor pg's Date handling nor the session zone can shift them)
 * and the channel as text or null.
 */
export function sqlRange(workspaceId: string, input: AnalyticsInput) {
  return { workspaceId, from: input.from.toISOString(), to: input.to.toISOString(), channelId: input.channelId ?? null, timeZone: input.timeZone, bucket: bucketFor(input) };
}

export type SqlRange = ReturnType<typeof sqlRange>;
