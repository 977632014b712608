import type { RawSql } from "../infra/db/sql";
import type { SqlRange } from "./analytics-input";

/**
 * Every day (or ISO week, from its Monday) the range touches, in the range's zone, as
 * "YYYY-MM-DD": the x axis, so a bucket with no messages shows as zero instead of vanishing.
 * At most 367 rows (the input caps the range at 366 days).
 */
export async function listBuckets(tx: RawSql, r: SqlRange): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ bucket: string }>>`
    SELECT to_char(b, 'YYYY-MM-DD') AS bucket
      FROM generate_series(
             date_trunc(${r.bucket}, (${r.from}::timestamp(3) AT TIME ZONE 'UTC') AT TIME ZONE ${r.timeZone}),
             date_trunc(${r.bucket}, ((${r.to}::timestamp(3) - interval '1 millisecond') AT TIME ZONE 'UTC') AT TIME ZONE ${r.timeZone}),
             ('1 ' || ${r.bucket})::interval) AS b
     ORDER BY b`;
  return rows.map((row) => row.bucket);
}
