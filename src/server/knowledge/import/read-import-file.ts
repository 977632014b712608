import { z } from "zod";
import { importFormatOf, MAX_IMPORT_ARTICLES, MAX_IMPORT_BYTES, type ImportFormat } from "@/shared/knowledge-import";
import { AppError } from "../../infra/errors/app-error";
import { articleInput } from "../knowledge";
import { decodeUpload } from "./decode-upload";
import { parseCsvArticles } from "./parse-csv-articles";
import { parseMarkdownArticles } from "./parse-markdown-articles";
import type { ImportedArticle, ParsedImport } from "./parsed-import";

/** The upload as tRPC input: the file name (for its format and a title) and its bytes, base64. */
export const importFileInput = z.object({
  fileName: z.string().trim().min(1, "Choose a file").max(255, "File names are limited to 255 characters"),
  contentBase64: z
    .string()
    .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4, "The file is too large")
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The file did not arrive intact; choose it again"),
});
export type ImportFileInput = z.infer<typeof importFileInput>;

export type ReadImport = ParsedImport & { format: ImportFormat };

const articleText = articleInput.pick({ title: true, body: true });

/** Case and spacing do not make a different title. */
export const titleKey = (title: string) => title.trim().replace(/\s+/g, " ").toLowerCase();

function checkArticles(articles: readonly ImportedArticle[]): { valid: ImportedArticle[]; problems: ParsedImport["problems"] } {
  const valid: ImportedArticle[] = [];
  const problems: ParsedImport["problems"] = [];
  const seen = new Map<string, number>();
  for (const article of articles) {
    const parsed = articleText.safeParse({ title: article.title, body: article.body });
    if (!parsed.success) {
      const messages = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
      problems.push({ line: article.line, message: `Line ${article.line}: ${messages.join("; ")}.` });
      continue;
    }
    const key = titleKey(parsed.data.title);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ line: article.line, message: `Line ${article.line}: the title “${parsed.data.title.slice(0, 80)}” is already used on line ${earlier}. Titles must be unique within the file.` });
      continue;
    }
    seen.set(key, article.line);
    valid.push({ ...parsed.data, line: article.line });
  }
  return { valid, problems };
}

/**
 * Decodes and parses an import file, and checks every article against the same schema as an
 * article made by hand. Whole-file faults (size, encoding, binary, no header, unclosed quote,
 * unknown format, too many articles) throw a clear AppError; per-row faults come back as
 * `problems`, sorted by line.
 */
export function readImportFile(input: ImportFileInput): ReadImport {
  const format = importFormatOf(input.fileName);
  if (!format) throw new AppError("BAD_REQUEST", "Only .csv and .md (Markdown) files can be imported.");
  const text = decodeUpload(Buffer.from(input.contentBase64, "base64"));
  const parsed = format === "csv" ? parseCsvArticles(text) : parseMarkdownArticles(text, input.fileName);
  if (parsed.articles.length + parsed.problems.length > MAX_IMPORT_ARTICLES) {
    throw new AppError("BAD_REQUEST", `The file has more than ${MAX_IMPORT_ARTICLES} articles. Split it into smaller files and import them one by one.`);
  }
  const { valid, problems } = checkArticles(parsed.articles);
  if (valid.length === 0 && problems.length === 0 && parsed.problems.length === 0) throw new AppError("BAD_REQUEST", "The file has no articles to import.");
  return { format, articles: valid, problems: [...parsed.problems, ...problems].sort((a, b) => a.line - b.line), notes: parsed.notes };
}
