import type { BatchItem, BatchItemResult } from "../queue/define-job";

/**
 * Splits a job batch by workspace (each workspace's rows are written in its own tenant
 * transaction) and runs `run` for each workspace's distinct ids in parallel. `run` answers per
 * id; a workspace whose run throws fails all of its items with that error. One result per
 * item, in order.
 */
export async function runPerWorkspace<P extends { workspaceId: string }>(
  items: ReadonlyArray<BatchItem<P>>,
  idOf: (payload: P) => string,
  run: (workspaceId: string, ids: string[]) => Promise<Map<string, BatchItemResult>>,
): Promise<BatchItemResult[]> {
  const byWorkspace = new Map<string, Set<string>>();
  for (const { payload } of items) byWorkspace.set(payload.workspaceId, (byWorkspace.get(payload.workspaceId) ?? new Set()).add(idOf(payload)));
  const outcomes = new Map<string, BatchItemResult>();
  await Promise.all(
    [...byWorkspace].map(async ([workspaceId, ids]) => {
      try {
        for (const [id, result] of await run(workspaceId, [...ids])) outcomes.set(`${workspaceId}:${id}`, result);
      } catch (error) {
        for (const id of ids) outcomes.set(`${workspaceId}:${id}`, { ok: false, error });
      }
    }),
  );
  return items.map(({ payload }) => outcomes.get(`${payload.workspaceId}:${idOf(payload)}`) ?? { ok: false, error: new Error("batch item was not handled") });
}
