import type { ParsedImport } from "./parsed-import";

/** An ATX heading of level 1 or 2 (up to 3 spaces of indent, optional closing #s). */
const HEADING = /^ {0,3}(#{1,2})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
/** A fenced code block's opening or closing line: ``` or ~~~ (3 or more). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** "shipping-and_returns.md" -> "Shipping and returns". */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "").replace(/[-_]+/g, " ").replace(/\s+/g, " ").trim();
  return base ? base.charAt(0).toUpperCase() + base.slice(1) : "Imported article";
}

/**
 * Articles from Markdown: each `#` or `##` heading starts an article, titled by the heading, its
 * text up to the next such heading is the body (`###` and deeper stay inside the body). Lines
 * inside fenced code blocks never split. Text before the first heading becomes an article
 * titled from the file name (so nothing is dropped), as does a file without headings. A heading
 * with nothing under it is left out with a note (a document title above its sections).
 */
export function parseMarkdownArticles(text: string, fileName: string): ParsedImport {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n?|\n/);
  const result: ParsedImport = { articles: [], problems: [], notes: [] };
  let current: { title: string; line: number; body: string[] } = { title: titleFromFileName(fileName), line: 1, body: [] };
  let fence: { char: string; length: number } | null = null;
  let headings = 0;
  const first = current;

  const flush = () => {
    const body = current.body.join("\n").replace(/^\s*\n/, "").trimEnd();
    if (current.title === "") return; // reported as a problem where the heading is
    if (body.trim() !== "") result.articles.push({ title: current.title, body, line: current.line });
    else if (headings > 0 && current !== first) result.notes.push(`Line ${current.line}: “${current.title.slice(0, 80)}” has no text under it and was left out.`);
  };

  lines.forEach((line, index) => {
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence.char) && fenceMatch[1]!.length >= fence.length && line.trim() === fenceMatch[1]) fence = null;
      current.body.push(line);
      return;
    }
    if (fenceMatch) {
      fence = { char: fenceMatch[1]!.charAt(0), length: fenceMatch[1]!.length };
      current.body.push(line);
      return;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      headings += 1;
      current = { title: (heading[2] ?? "").trim(), line: index + 1, body: [] };
      if (current.title === "") result.problems.push({ line: index + 1, message: `Line ${index + 1}: a heading without a title. Give it a title or remove the “#”.` });
      return;
    }
    current.body.push(line);
  });
  if (fence) result.notes.push("A code block (```) is never closed; everything after it was kept as part of that article.");
  flush();
  if (headings > 0 && first.body.join("").trim() !== "") {
    result.notes.push(`The text before the first heading became the article “${first.title.slice(0, 80)}”.`);
  }
  return result;
}
