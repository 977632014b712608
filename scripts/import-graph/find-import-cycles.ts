import type { ImportGraph } from "./read-import-graph";

/**
 * Every import cycle of a graph, one per strongly connected component (Tarjan): the files of
 * the component, sorted, so a cycle is named the same way however it is entered. A file that
 * imports itself counts as a cycle of one.
 */
export function findImportCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;

  // Iterative, so a deep graph cannot overflow the call stack.
  for (const start of graph.files) {
    if (index.has(start)) continue;
    const frames: Array<{ file: string; targets: readonly string[]; at: number }> = [];
    const enter = (file: string) => {
      index.set(file, next);
      low.set(file, next);
      next += 1;
      stack.push(file);
      onStack.add(file);
      frames.push({ file, targets: graph.edges.get(file) ?? [], at: 0 });
    };
    enter(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      if (frame.at < frame.targets.length) {
        const target = frame.targets[frame.at]!;
        frame.at += 1;
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.file, Math.min(low.get(frame.file)!, index.get(target)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.file, Math.min(low.get(parent.file)!, low.get(frame.file)!));
      if (low.get(frame.file) !== index.get(frame.file)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.file);
      const selfImport = component.length === 1 && (graph.edges.get(frame.file) ?? []).includes(frame.file);
      if (component.length > 1 || selfImport) cycles.push(component.sort());
    }
  }
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Imports from files under `from` into files under `to` (folder prefixes, "/" separators). */
export function findForbiddenImports(graph: ImportGraph, from: string, to: string): Array<{ file: string; imports: string }> {
  const found: Array<{ file: string; imports: string }> = [];
  for (const file of graph.files) {
    if (!file.startsWith(from)) continue;
    for (const target of graph.edges.get(file) ?? []) if (target.startsWith(to)) found.push({ file, imports: target });
  }
  return found;
}
