import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * The import graph of a source folder as TypeScript resolves it: the project's tsconfig (so the
 * `@/` alias and `moduleResolution` are the compiler's own), every `import`, `export ... from`,
 * `import()` and `require()` of each .ts/.tsx file, type-only imports included (they are
 * architecture too). Edges are kept only when both ends sit under `root`; tests are left out.
 */
export interface ImportGraph {
  /** Repository-relative paths with "/" separators, sorted. */
  readonly files: readonly string[];
  /** file -> the files it imports, each list sorted. */
  readonly edges: ReadonlyMap<string, readonly string[]>;
}

const SOURCE = /\.tsx?$/;
const SKIPPED = /\.(test|spec)\.tsx?$|\.d\.ts$/;

export function readImportGraph(options: { repoRoot: string; root: string; tsconfig?: string }): ImportGraph {
  const repoRoot = path.resolve(options.repoRoot);
  const rootDir = path.resolve(repoRoot, options.root);
  const compilerOptions = loadCompilerOptions(path.resolve(repoRoot, options.tsconfig ?? "tsconfig.json"));
  const host = ts.createCompilerHost(compilerOptions);
  const files = listSources(rootDir);
  const relative = (file: string) => path.relative(repoRoot, file).split(path.sep).join("/");
  const inRoot = (file: string) => !path.relative(rootDir, file).startsWith("..") && SOURCE.test(file) && !SKIPPED.test(file);

  const edges = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = new Set<string>();
    for (const imported of importedFiles) {
      const resolved = ts.resolveModuleName(imported.fileName, file, compilerOptions, host).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport && inRoot(path.resolve(resolved.resolvedFileName))) {
        targets.add(relative(path.resolve(resolved.resolvedFileName)));
      }
    }
    edges.set(relative(file), [...targets].sort());
  }
  return { files: [...edges.keys()].sort(), edges };
}

function loadCompilerOptions(tsconfigPath: string): ts.CompilerOptions {
  const read = ts.readConfigFile(tsconfigPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(`Cannot read ${tsconfigPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
  // Only the compiler options matter here; `files`/`include` are walked by listSources.
  const parsed = ts.parseJsonConfigFileContent({ ...read.config, include: [], files: [] }, ts.sys, path.dirname(tsconfigPath), undefined, tsconfigPath);
  return parsed.options;
}

function listSources(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listSources(full));
    else if (SOURCE.test(entry.name) && !SKIPPED.test(entry.name)) found.push(full);
  }
  return found;
}
