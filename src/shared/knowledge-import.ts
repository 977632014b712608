/**
 * Knowledge import limits, shared by the upload form (checked before sending) and the server
 * (checked again). Articles keep the hand-made limits (src/server/knowledge/knowledge.ts).
 *
 * 512 KB: the file travels base64-encoded inside a tRPC call, whose body is capped at 1 MB
 * (src/server/infra/http/body-limits.ts); 512 KB of text is already hundreds of articles.
 */
export const MAX_IMPORT_BYTES = 512 * 1024;
export const MAX_IMPORT_ARTICLES = 200;
export const IMPORT_FORMATS = { csv: "CSV", md: "Markdown", markdown: "Markdown" } as const;
export type ImportFormat = "csv" | "markdown";

/** "csv" or "markdown" from a file name's extension, or null for anything else. */
export function importFormatOf(fileName: string): ImportFormat | null {
  const ext = /\.([a-z]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase();
  if (ext === "csv") return "csv";
  if (ext === "md" || ext === "markdown") return "markdown";
  return null;
}
