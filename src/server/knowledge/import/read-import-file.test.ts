import { describe, expect, it } from "vitest";
import { MAX_IMPORT_ARTICLES, MAX_IMPORT_BYTES } from "@/shared/knowledge-import";
import { AppError } from "../../infra/errors/app-error";
import { parseCsvArticles } from "./parse-csv-articles";
import { parseMarkdownArticles, titleFromFileName } from "./parse-markdown-articles";
import { readImportFile } from "./read-import-file";

const file = (fileName: string, content: string | Uint8Array) => ({
  fileName,
  contentBase64: Buffer.from(typeof content === "string" ? Buffer.from(content, "utf8") : content).toString("base64"),
});

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parseCsvArticles", () => {
  it("reads title,body rows with a BOM, CRLF line endings, quoted commas, quotes and newlines", () => {
    const csv = "\uFEFFtitle,body\r\nShipping,\"We ship in 3 days, worldwide.\"\r\n\"Returns \"\"policy\"\"\",\"Line one\r\nLine two\"\r\n\r\nHours,Mon-Fri 9-5\r\n";
    const { articles, problems } = parseCsvArticles(csv);
    expect(problems).toEqual([]);
    expect(articles).toEqual([
      { title: "Shipping", body: "We ship in 3 days, worldwide.", line: 2 },
      { title: "Returns \"policy\"", body: "Line one\nLine two", line: 3 },
      { title: "Hours", body: "Mon-Fri 9-5", line: 6 },
    ]);
  });

  it("accepts the header in any case and order", () => {
    expect(parseCsvArticles("Body, TITLE\nThe text,The title\n").articles).toEqual([{ title: "The title", body: "The text", line: 2 }]);
  });

  it("names unexpected and missing columns, and requires the header", () => {
    expect(refusal(() => parseCsvArticles("title,body,tags,url\na,b,c,d\n")).message).toMatch(/unexpected columns “tags”, “url”/);
    expect(refusal(() => parseCsvArticles("title\nOnly a title\n")).message).toMatch(/missing column body/);
    expect(refusal(() => parseCsvArticles("Shipping,We ship fast\n")).message).toMatch(/header “title,body”/);
    expect(refusal(() => parseCsvArticles("title,title\na,b\n")).message).toMatch(/missing column body/);
  });

  it("refuses an unclosed quote as a whole, with its line", () => {
    const error = refusal(() => parseCsvArticles("title,body\nA,\"never closed\nB,text\n"));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/quote that is never closed/);
  });

  it("reports a row with the wrong number of cells as a problem of that line", () => {
    const { articles, problems } = parseCsvArticles("title,body\nGood,Fine\nToo,many,cells\nAlone\n");
    expect(articles.map((a) => a.title)).toEqual(["Good"]);
    expect(problems).toEqual([
      { line: 3, message: expect.stringMatching(/Line 3: has 3 cells, expected 2/) },
      { line: 4, message: expect.stringMatching(/Line 4: has 1 cell, expected 2/) },
    ]);
  });
});

describe("parseMarkdownArticles", () => {
  it("starts an article at each # or ## heading; ### stays in the body", () => {
    const md = "# Shipping\nWe ship worldwide.\n\n### Costs\nFree over $50.\n## Returns\r\nWithin 30 days.\r\n";
    expect(parseMarkdownArticles(md, "faq.md").articles).toEqual([
      { title: "Shipping", body: "We ship worldwide.\n\n### Costs\nFree over $50.", line: 1 },
      { title: "Returns", body: "Within 30 days.", line: 6 },
    ]);
  });

  it("never splits at a heading inside a fenced code block", () => {
    const md = "# Setup\nRun this:\n```bash\n# not a heading\n## nor this\n```\n~~~~\n# still code\n~~~\n~~~~\nDone.\n# Next\nText.";
    const { articles } = parseMarkdownArticles(md, "x.md");
    expect(articles.map((a) => a.title)).toEqual(["Setup", "Next"]);
    expect(articles[0]!.body).toContain("# not a heading\n## nor this");
    expect(articles[0]!.body).toContain("# still code\n~~~\n~~~~\nDone.");
  });

  it("makes one article titled from the file name when there is no heading, BOM dropped", () => {
    expect(parseMarkdownArticles("\uFEFFOpening hours: 9 to 5.\n#hashtag is not a heading\n", "opening-hours_2026.md").articles).toEqual([
      { title: "Opening hours 2026", body: "Opening hours: 9 to 5.\n#hashtag is not a heading", line: 1 },
    ]);
    expect(titleFromFileName("C:\\docs\\returns.policy.markdown")).toBe("Returns.policy");
  });

  it("keeps text before the first heading, leaves out empty sections with a note, flags untitled headings", () => {
    const { articles, notes, problems } = parseMarkdownArticles("Intro text.\n# Guide\n## Prices\nTen dollars.\n##\nOrphan\n", "welcome.md");
    expect(articles.map((a) => [a.title, a.body])).toEqual([["Welcome", "Intro text."], ["Prices", "Ten dollars."]]);
    expect(notes.join(" ")).toMatch(/text before the first heading became the article “Welcome”/);
    expect(notes.join(" ")).toMatch(/“Guide” has no text under it/);
    expect(problems).toEqual([{ line: 5, message: expect.stringMatching(/heading without a title/) }]);
  });
});

describe("readImportFile", () => {
  it("checks every article against the hand-made limits and repeated titles", () => {
    const csv = `title,body\nOk,Fine\n${"T".repeat(201)},Body\nEmpty,\n  ,Text\nLong,${"b".repeat(20_001)}\nok ,Again\n`;
    const read = readImportFile(file("kb.csv", csv));
    expect(read.articles.map((a) => a.title)).toEqual(["Ok"]);
    expect(read.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(read.problems[0]!.message).toMatch(/title: .*200/i);
    expect(read.problems[1]!.message).toMatch(/Body is required/);
    expect(read.problems[2]!.message).toMatch(/Title is required/);
    expect(read.problems[3]!.message).toMatch(/20,000 characters/);
    expect(read.problems[4]!.message).toMatch(/already used on line 2/);
  });

  it("refuses bad files with clear messages", () => {
    const cases: Array<[ReturnType<typeof file>, RegExp]> = [
      [file("kb.txt", "title,body\na,b"), /Only \.csv and \.md/],
      [file("kb.csv", ""), /empty/],
      [file("kb.md", " \n\n\t"), /empty/],
      [file("kb.csv", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), /spreadsheet or document/],
      [file("kb.md", new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])), /PDF/],
      [file("kb.csv", new Uint8Array([0xff, 0xfe, 0x74, 0x00])), /UTF-16/],
      [file("kb.csv", Buffer.from("title,body\nCaf\xe9,Cr\xe8me\n", "latin1")), /not UTF-8/],
      [file("kb.md", new Uint8Array([0x23, 0x20, 0x41, 0x0a, 0x00, 0x01, 0x02])), /binary/],
      [file("kb.csv", "title,body\n"), /no articles/],
      [file("kb.md", "# Only a title\n"), /no articles/],
      [file("kb.md", "x".repeat(MAX_IMPORT_BYTES + 1)), /larger than 512 KB/],
    ];
    for (const [input, message] of cases) expect(refusal(() => readImportFile(input)).message, input.fileName).toMatch(message);
  });

  it("refuses more articles than the limit", () => {
    const md = Array.from({ length: MAX_IMPORT_ARTICLES + 1 }, (_, i) => `# A${i}\nText ${i}`).join("\n");
    expect(refusal(() => readImportFile(file("many.md", md))).message).toMatch(/more than 200 articles/);
    expect(readImportFile(file("ok.md", md.split("\n").slice(0, -2).join("\n"))).articles).toHaveLength(MAX_IMPORT_ARTICLES);
  });
});
