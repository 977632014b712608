import type { z } from "zod";

export type JsonlProblem = { line: number; message: string };
export type JsonlResult<T> = { rows: T[]; problems: JsonlProblem[] };

/**
 * Parses JSON Lines against a zod schema. Blank lines are skipped; a line that is not JSON or
 * fails the schema is reported with its 1-based line number and skipped, never thrown.
 */
export function parseJsonl<S extends z.ZodType>(content: string, schema: S): JsonlResult<z.infer<S>> {
  const rows: z.infer<S>[] = [];
  const problems: JsonlProblem[] = [];
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push({ line, message: "not valid JSON" });
      return;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) rows.push(parsed.data);
    else problems.push({ line, message: parsed.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ") });
  });
  return { rows, problems };
}
