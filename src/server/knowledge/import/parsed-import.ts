/** One article found in an import file, with the line it starts on (1-based) for messages. */
export type ImportedArticle = { title: string; body: string; line: number };

/** Something wrong with one row or section: the import is refused until the file is fixed. */
export type ImportProblem = { line: number; message: string };

/** What a parser found: the articles, the problems that block the import, and notes that do not. */
export type ParsedImport = { articles: ImportedArticle[]; problems: ImportProblem[]; notes: string[] };
