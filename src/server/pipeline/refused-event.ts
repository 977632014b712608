/**
 * PostgreSQL refused the data itself (SQLSTATE class 22 "data exception": a NUL byte, a bad
 * encoding, a value out of range; class 23 "integrity constraint violation" other than a unique
 * race). Storing the same event again would fail the same way, so it is skipped and recorded
 * rather than retried; anything else (connection lost, timeout, deadlock) is transient and fails
 * the delivery so the platform redelivers it.
 */
export function isRefusedData(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && (code.startsWith("22") || (code.startsWith("23") && code !== "23505"));
}

/** The SQLSTATE carried by a pg error, or by the Prisma / driver-adapter error that wraps it. */
export function sqlState(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 5) return undefined;
  const e = error as { code?: unknown; originalCode?: unknown; meta?: unknown; cause?: unknown };
  for (const candidate of [e.originalCode, e.code]) {
    if (typeof candidate === "string" && /^[0-9A-Z]{5}$/.test(candidate) && !candidate.startsWith("P")) return candidate;
  }
  return sqlState(e.meta, depth + 1) ?? sqlState(e.cause, depth + 1);
}
