import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { findForbiddenImports, findImportCycles } from "./find-import-cycles";
import { ALLOWED_AGENT_SERVER_IMPORTS, ALLOWED_CYCLES, IGNORED_PREFIXES } from "./import-graph-allowlist";
import { readImportGraph, type ImportGraph } from "./read-import-graph";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const graphOf = (edges: Record<string, string[]>): ImportGraph => ({ files: Object.keys(edges).sort(), edges: new Map(Object.entries(edges)) });
const key = (cycle: readonly string[]) => [...cycle].sort().join(" -> ");
const pair = (p: { file: string; imports: string }) => `${p.file} imports ${p.imports}`;

describe("the import graph of src/", () => {
  const graph = readImportGraph({ repoRoot, root: "src" });
  const ignored = (file: string) => IGNORED_PREFIXES.some((prefix) => file.startsWith(prefix));

  it("reads the app's files and resolves the @/ alias", () => {
    expect(graph.files.length).toBeGreaterThan(100);
    // runtime/queue.ts imports the catalog by a relative path, the route by "@/".
    expect(graph.edges.get("src/server/runtime/queue.ts")).toContain("src/server/jobs/catalog.ts");
    expect(graph.edges.get("src/app/api/jobs/[job]/route.ts")).toContain("src/server/jobs/handle-qstash-delivery.ts");
  });

  it("has no import cycle beyond the allowlist, and every allowlisted cycle still exists", () => {
    const found = findImportCycles(graph).filter((cycle) => !cycle.every(ignored)).map(key);
    const allowed = ALLOWED_CYCLES.map(key);
    expect(found.filter((c) => !allowed.includes(c)), "new import cycles").toEqual([]);
    expect(allowed.filter((c) => !found.includes(c)), "fixed cycles still on the allowlist: remove them").toEqual([]);
  });

  it("has nothing under src/agents importing src/server beyond the allowlist, which only shrinks", () => {
    const found = findForbiddenImports(graph, "src/agents/", "src/server/").map(pair);
    const allowed = ALLOWED_AGENT_SERVER_IMPORTS.map(pair);
    expect(found.filter((p) => !allowed.includes(p)), "new imports of src/server from src/agents").toEqual([]);
    expect(allowed.filter((p) => !found.includes(p)), "gone from the code, still on the allowlist: remove them").toEqual([]);
  });

  it("keeps the job catalog free of handlers: only the worker start-up and the job route bind them", () => {
    const importers = graph.files.filter((file) => graph.edges.get(file)?.includes("src/server/jobs/bind-handlers.ts"));
    expect(importers).toEqual(["src/server/jobs/handle-qstash-delivery.ts", "src/server/runtime/queue.ts"]);
    const catalogImports = graph.edges.get("src/server/jobs/catalog.ts") ?? [];
    expect(catalogImports.filter((f) => f.startsWith("src/server/pipeline/") || f === "src/server/runtime/queue.ts")).toEqual([]);
    // Handlers publish through the context the binding hands them, not by importing the queue.
    for (const handler of ["process-message", "send-reply", "apply-retention"]) {
      expect(graph.edges.get(`src/server/pipeline/${handler}.ts`), handler).not.toContain("src/server/runtime/queue.ts");
    }
  });
});

describe("findImportCycles", () => {
  it("finds each loop once, however it is entered, and ignores a diamond", () => {
    const cycles = findImportCycles(
      graphOf({
        "c.ts": ["a.ts"],
        "a.ts": ["b.ts", "d.ts"],
        "b.ts": ["c.ts"],
        "d.ts": ["e.ts", "f.ts"],
        "e.ts": ["g.ts"],
        "f.ts": ["g.ts"],
        "g.ts": [],
        "self.ts": ["self.ts"],
      }),
    );
    expect(cycles).toEqual([["a.ts", "b.ts", "c.ts"], ["self.ts"]]);
  });

  it("reports two loops joined through one file as one component", () => {
    expect(findImportCycles(graphOf({ "a.ts": ["b.ts", "c.ts"], "b.ts": ["a.ts"], "c.ts": ["a.ts"] }))).toEqual([["a.ts", "b.ts", "c.ts"]]);
  });

  it("handles a long chain without overflowing the stack", () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20_000; i += 1) edges[`f${i}.ts`] = [`f${i + 1}.ts`];
    edges["f20000.ts"] = ["f0.ts"];
    expect(findImportCycles(graphOf(edges))[0]).toHaveLength(20_001);
  });
});

describe("readImportGraph on a fixture project", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "import-graph-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler", paths: { "@/*": ["./src/*"] } } }));
  write("src/agents/a.ts", 'import { b } from "@/server/b";\nimport type { T } from "../shared/t";\nexport const a = b;\n');
  write("src/server/b.ts", 'export { c as b } from "./c";\nimport "zod";\n');
  write("src/server/c.ts", 'export const c = async () => (await import("@/agents/a")).a;\n');
  write("src/shared/t.ts", "export type T = string;\n");
  write("src/server/b.test.ts", 'import "./b";\n');
  write("src/server/missing.ts", 'import "./nowhere";\n');

  const graph = readImportGraph({ repoRoot: dir, root: "src" });

  it("follows aliased, relative, type-only, re-export and dynamic imports; skips packages, tests and what does not resolve", () => {
    expect(graph.files).toEqual(["src/agents/a.ts", "src/server/b.ts", "src/server/c.ts", "src/server/missing.ts", "src/shared/t.ts"]);
    expect(graph.edges.get("src/agents/a.ts")).toEqual(["src/server/b.ts", "src/shared/t.ts"]);
    expect(graph.edges.get("src/server/b.ts")).toEqual(["src/server/c.ts"]);
    expect(graph.edges.get("src/server/missing.ts")).toEqual([]);
    expect(findImportCycles(graph)).toEqual([["src/agents/a.ts", "src/server/b.ts", "src/server/c.ts"]]);
    expect(findForbiddenImports(graph, "src/agents/", "src/server/")).toEqual([{ file: "src/agents/a.ts", imports: "src/server/b.ts" }]);
  });

  it("fails clearly on an unreadable tsconfig", () => {
    expect(() => readImportGraph({ repoRoot: dir, root: "src", tsconfig: "nope.json" })).toThrow(/Cannot read .*nope\.json/);
  });
});
