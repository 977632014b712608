import { CsvError, parse } from "csv-parse/sync";
import { AppError } from "../../infra/errors/app-error";
import type { ParsedImport } from "./parsed-import";

const COLUMNS = ["title", "body"] as const;

function describeCsvError(error: CsvError): string {
  const line = typeof error.lines === "number" ? ` (near line ${error.lines})` : "";
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `The CSV has a quote that is never closed${line}. Every quoted cell needs a closing quote.`;
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return `The CSV has a stray quote inside a cell${line}. Put cells that contain quotes in double quotes and double the quotes inside (""), as spreadsheets do when saving CSV.`;
    default:
      return `The CSV could not be read${line}. Save it again from your spreadsheet as “CSV UTF-8”.`;
  }
}

/**
 * Articles from CSV text: a required header row of exactly `title,body` (any case, any order),
 * then one article per row. Quoted cells may span lines. A malformed file (an unclosed quote)
 * is refused as a whole with a clear BAD_REQUEST; a row with the wrong number of cells is a
 * problem of that row. Line endings are normalised to \n first (CRLF files, quoted CRLFs).
 */
export function parseCsvArticles(text: string): ParsedImport {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With `info: true` each record comes with its line numbers; the sync typings do not model that option.
    rows = parse(text.replace(/\r\n?/g, "\n"), { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof rows;
  } catch (error) {
    if (error instanceof CsvError) throw new AppError("BAD_REQUEST", describeCsvError(error));
    throw error;
  }
  const [header, ...records] = rows;
  if (!header) throw new AppError("BAD_REQUEST", "The file is empty.");
  const names = header.record.map((cell) => cell.trim().toLowerCase());
  const unknown = header.record.filter((_, i) => !COLUMNS.includes(names[i] as (typeof COLUMNS)[number]));
  const missing = COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0 || unknown.length > 0 || names.length !== COLUMNS.length) {
    const parts = [
      missing.length > 0 ? `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` : null,
      unknown.length > 0 ? `unexpected column${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `“${u.trim().slice(0, 40)}”`).join(", ")}` : null,
      missing.length === 0 && unknown.length === 0 ? "a column is repeated" : null,
    ].filter(Boolean);
    throw new AppError("BAD_REQUEST", `The first row must be the header “title,body” (${parts.join("; ")}). Other columns cannot be imported: remove them and try again.`);
  }
  const titleAt = names.indexOf("title");
  const bodyAt = names.indexOf("body");

  const result: ParsedImport = { articles: [], problems: [], notes: [] };
  for (const { record, info } of records) {
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== COLUMNS.length) {
      result.problems.push({ line, message: `Line ${line}: has ${record.length} cell${record.length === 1 ? "" : "s"}, expected 2 (title, body). Put cells containing commas in double quotes.` });
      continue;
    }
    result.articles.push({ title: record[titleAt]!, body: record[bodyAt]!, line });
  }
  return result;
}
