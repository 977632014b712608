/**
 * What the import-graph check (check-import-graph.test.ts) tolerates today. The list may only
 * shrink: the check fails on anything new, and also on an entry that no longer occurs, so a
 * fixed one is taken off here in the same change.
 */

/** Generated code (`prisma generate`): its internal cycles are the generator's, not ours. */
export const IGNORED_PREFIXES = ["src/generated/"] as const;

/** Import cycles under src/, each as the sorted files of the loop. None left today. */
export const ALLOWED_CYCLES: ReadonlyArray<readonly string[]> = [];
