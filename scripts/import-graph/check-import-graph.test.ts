import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { findClientReach, isClientModule, runtimeSpecifiers } from "./find-client-reach";
import { findForbiddenImports, findImportCycles } from "./find-import-cycles";
import { ALLOWED_CYCLES, IGNORED_PREFIXES } from "./import-graph-allowlist";
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
    expect(graph.edges.get("src/server/infra/runtime/queue.ts")).toContain("src/server/infra/jobs/catalog.ts");
    expect(graph.edges.get("src/app/api/jobs/[job]/route.ts")).toContain("src/server/infra/jobs/handle-qstash-delivery.ts");
  });

  it("has no import cycle beyond the allowlist, and every allowlisted cycle still exists", () => {
    const found = findImportCycles(graph).filter((cycle) => !cycle.every(ignored)).map(key);
    const allowed = ALLOWED_CYCLES.map(key);
    expect(found.filter((c) => !allowed.includes(c)), "new import cycles").toEqual([]);
    expect(allowed.filter((c) => !found.includes(c)), "fixed cycles still on the allowlist: remove them").toEqual([]);
  });

  it("keeps the agents a leaf: nothing under src/agents imports src/server", () => {
    expect(findForbiddenImports(graph, "src/agents/", "src/server/").map(pair)).toEqual([]);
  });

  it("keeps src/shared below both sides: it imports neither src/server, src/agents nor the UI", () => {
    const found = ["src/server/", "src/agents/", "src/components/", "src/app/"].flatMap((layer) => findForbiddenImports(graph, "src/shared/", layer).map(pair));
    expect(found).toEqual([]);
  });

  it("keeps server and agent code out of the browser: no client module reaches them at run time", () => {
    const reach = findClientReach(graph, repoRoot);
    expect(reach.has("src/components/realtime/use-realtime.ts"), "the check sees client modules").toBe(true);
    expect(reach.has("src/shared/realtime-events.ts"), "and follows their runtime imports").toBe(true);
    expect([...reach].filter((file) => file.startsWith("src/server/") || file.startsWith("src/agents/"))).toEqual([]);
  });

  it("keeps the job catalog free of handlers: only the worker start-up and the job route bind them", () => {
    const importers = graph.files.filter((file) => graph.edges.get(file)?.includes("src/server/infra/jobs/bind-handlers.ts"));
    expect(importers).toEqual(["src/server/infra/jobs/handle-qstash-delivery.ts", "src/server/infra/runtime/queue.ts"]);
    const catalogImports = graph.edges.get("src/server/infra/jobs/catalog.ts") ?? [];
    expect(catalogImports.filter((f) => f.startsWith("src/server/pipeline/") || f === "src/server/infra/runtime/queue.ts")).toEqual([]);
    // Handlers publish through the context the binding hands them, not by importing the queue.
    for (const handler of ["pipeline/process-message", "pipeline/send-reply", "privacy/apply-retention"]) {
      expect(graph.edges.get(`src/server/${handler}.ts`), handler).not.toContain("src/server/infra/runtime/queue.ts");
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

describe("findClientReach helpers", () => {
  it("recognises the use client directive only as the first statement", () => {
    expect(isClientModule('"use client";\nexport const a = 1;')).toBe(true);
    expect(isClientModule('import x from "y";\n"use client";')).toBe(false);
  });

  it("drops type-only imports and keeps the rest", () => {
    const source = 'import type { A } from "@/server/a";\nimport { type B } from "@/server/b";\nimport { c, type D } from "./c";\nexport { e } from "./e";\nexport type { F } from "./f";\nconst g = () => import("./g");';
    expect(runtimeSpecifiers(source)).toEqual(["./c", "./e", "./g"]);
  });
});

