import { z } from "zod";
import { callSalesforce, type SalesforceSession } from "./salesforce-client";

/** A query answers 2,000 rows per page by default; 50 pages bound one pull (the next pull continues). */
export const MAX_QUERY_PAGES = 50;

const page = <T>(row: z.ZodType<T>) =>
  z.object({ totalSize: z.number(), done: z.boolean(), nextRecordsUrl: z.string().startsWith("/services/data/").optional(), records: z.array(row) });

/**
 * `GET /query?q=<SOQL>`, then each `nextRecordsUrl` while `done` is false, up to `maxPages`.
 * `complete` is false when pages were left: the caller resumes from what it has.
 */
export async function queryPages<T>(session: SalesforceSession, soql: string, row: z.ZodType<T>, operation: string, maxPages = MAX_QUERY_PAGES): Promise<{ rows: T[]; complete: boolean }> {
  const schema = page(row);
  const rows: T[] = [];
  let answer = await callSalesforce(session, { method: "GET", path: "/query", query: { q: soql }, operation, schema });
  rows.push(...answer.records);
  for (let n = 1; !answer.done && answer.nextRecordsUrl; n++) {
    if (n >= maxPages) return { rows, complete: false };
    answer = await callSalesforce(session, { method: "GET", path: answer.nextRecordsUrl, operation, schema });
    rows.push(...answer.records);
  }
  return { rows, complete: true };
}

export async function queryAll<T>(session: SalesforceSession, soql: string, row: z.ZodType<T>, operation: string): Promise<T[]> {
  return (await queryPages(session, soql, row, operation)).rows;
}

/** A SOQL string literal: quotes and backslashes escaped. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** SOQL dateTime literal (no quotes), second precision like LastModifiedDate itself. */
export function soqlDateTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** Salesforce writes "2026-11-30T10:00:00.000+0000"; JS wants the offset with a colon. */
export function parseSalesforceDate(value: string): Date | null {
  const at = new Date(value.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  return Number.isNaN(at.getTime()) ? null : at;
}
