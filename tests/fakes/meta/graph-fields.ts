/**
 * Graph's `fields` syntax (`id,name,messages.limit(5){id,message,from}`) and cursor paging
 * (`{ data, paging: { cursors: { before, after }, next? } }`), enough for the fake's reads.
 * Cursors are opaque base64 offsets; `next` is a full URL, as Graph gives it.
 */
export interface FieldSpec {
  sub: Map<string, FieldSpec> | undefined;
  limit: number | undefined;
}

export function parseFields(text: string | undefined): Map<string, FieldSpec> {
  const fields = new Map<string, FieldSpec>();
  if (!text) return fields;
  let depth = 0;
  let start = 0;
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "{") depth += 1;
    else if (c === "}") depth -= 1;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const brace = part.indexOf("{");
    const head = brace === -1 ? part : part.slice(0, brace);
    const sub = brace === -1 ? undefined : parseFields(part.slice(brace + 1, part.lastIndexOf("}")));
    const [name = "", ...modifiers] = head.split(".");
    const limitMatch = modifiers.map((m) => /^limit\((\d+)\)$/.exec(m)).find(Boolean);
    fields.set(name, { sub, limit: limitMatch ? Number(limitMatch[1]) : undefined });
  }
  return fields;
}

/** Keeps only the requested fields (always `id`); everything when none were asked for. */
export function pick(object: Record<string, unknown>, fields: Map<string, FieldSpec>, defaults: string[]): Record<string, unknown> {
  const wanted = fields.size > 0 ? [...fields.keys()] : defaults;
  const out: Record<string, unknown> = {};
  for (const name of ["id", ...wanted]) if (object[name] !== undefined) out[name] = object[name];
  return out;
}

const encodeCursor = (index: number) => Buffer.from(`offset:${index}`).toString("base64url");
function decodeCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return undefined;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : undefined;
}

export interface Page<T> {
  data: T[];
  paging?: { cursors: { before: string; after: string }; next?: string; previous?: string };
}

/**
 * One page of `items` for `after`/`before`/`limit` (default 25, max 100). `nextUrl(after)`
 * builds the `paging.next` link; it is left out on the last page.
 */
export function paginate<T>(
  items: T[],
  query: { after?: string; before?: string; limit?: string | number },
  nextUrl: (cursor: string, direction: "after" | "before") => string,
  defaultLimit = 25,
): Page<T> {
  const limit = Math.min(100, Math.max(1, Number(query.limit ?? defaultLimit) || defaultLimit));
  const after = decodeCursor(query.after);
  const before = decodeCursor(query.before);
  const start = after !== undefined ? after + 1 : before !== undefined ? Math.max(0, before - limit) : 0;
  const end = before !== undefined && after === undefined ? before : start + limit;
  const data = items.slice(start, Math.min(end, items.length));
  if (data.length === 0) return { data };
  const cursors = { before: encodeCursor(start), after: encodeCursor(start + data.length - 1) };
  const paging: NonNullable<Page<T>["paging"]> = { cursors };
  if (start + data.length < items.length) paging.next = nextUrl(cursors.after, "after");
  if (start > 0) paging.previous = nextUrl(cursors.before, "before");
  return { data, paging };
}

/** Graph's timestamp format: 2026-11-30T06:34:14+0000. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}
