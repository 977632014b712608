import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { ImportGraph } from "./read-import-graph";

/**
 * The files a browser bundle loads at run time: every module that starts with "use client",
 * and everything it imports, following only imports that survive compilation (type-only
 * imports are erased, so the tRPC router's type may be imported by the client).
 */
export function findClientReach(graph: ImportGraph, repoRoot: string): Set<string> {
  const clientEntries = graph.files.filter((file) => isClientModule(readFileSync(path.join(repoRoot, file), "utf8")));
  const reached = new Set<string>();
  const stack = [...clientEntries];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (reached.has(file)) continue;
    reached.add(file);
    const runtime = runtimeSpecifiers(readFileSync(path.join(repoRoot, file), "utf8"));
    for (const target of graph.edges.get(file) ?? []) {
      if (runtime.some((spec) => specifierMayName(spec, file, target))) stack.push(target);
    }
  }
  return reached;
}

export function isClientModule(source: string): boolean {
  const file = ts.createSourceFile("x.tsx", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const first = file.statements[0];
  return !!first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use client";
}

/** Module specifiers of imports and re-exports that are not type-only. */
export function runtimeSpecifiers(source: string): string[] {
  const file = ts.createSourceFile("x.tsx", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const specs: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) specs.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return specs;
}

/** Whether a specifier written in `file` can resolve to `target` (alias or relative, extension-less). */
function specifierMayName(spec: string, file: string, target: string): boolean {
  const base = spec.startsWith("@/") ? path.posix.join("src", spec.slice(2)) : spec.startsWith(".") ? path.posix.join(path.posix.dirname(file), spec) : null;
  if (!base) return false;
  const stripped = target.replace(/\.tsx?$/, "");
  return base === target || base === stripped || `${base}/index` === stripped;
}
