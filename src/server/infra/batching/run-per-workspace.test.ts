import pino from "pino";
import { describe, expect, it } from "vitest";
import type { BatchItem, BatchItemResult } from "../queue/define-job";
import { runPerWorkspace } from "./run-per-workspace";

type Payload = { workspaceId: string; messageId: string };

const log = pino({ level: "silent" });
const signal = new AbortController().signal;
const items = (...pairs: Array<[string, string]>): Array<BatchItem<Payload>> =>
  pairs.map(([workspaceId, messageId], i) => ({ payload: { workspaceId, messageId }, ctx: { jobId: `j${i}`, attempt: 1, log, signal } }));
const idOf = (p: Payload) => p.messageId;

/** A run that answers ok for every id and records what it was asked. */
function recordingRun(answer: (workspaceId: string, id: string) => BatchItemResult = () => ({ ok: true })) {
  const calls: Array<{ workspaceId: string; ids: string[] }> = [];
  const run = async (workspaceId: string, ids: string[]) => {
    calls.push({ workspaceId, ids });
    return new Map(ids.map((id) => [id, answer(workspaceId, id)]));
  };
  return { calls, run };
}

describe("runPerWorkspace", () => {
  it("runs once per workspace with that workspace's ids, and answers per item in order", async () => {
    const { calls, run } = recordingRun((ws, id) => (id === "m2" ? { ok: false, error: new Error(`${ws}/${id}`) } : { ok: true }));
    const results = await runPerWorkspace(items(["wsA", "m1"], ["wsB", "m2"], ["wsA", "m3"]), idOf, run);
    expect(calls.sort((a, b) => a.workspaceId.localeCompare(b.workspaceId))).toEqual([
      { workspaceId: "wsA", ids: ["m1", "m3"] },
      { workspaceId: "wsB", ids: ["m2"] },
    ]);
    expect(results).toEqual([{ ok: true }, { ok: false, error: new Error("wsB/m2") }, { ok: true }]);
  });

  it("runs a duplicate id once and gives every copy its result", async () => {
    const { calls, run } = recordingRun((_ws, id) => (id === "m1" ? { ok: false, error: "m1 failed" } : { ok: true }));
    const results = await runPerWorkspace(items(["wsA", "m1"], ["wsA", "m2"], ["wsA", "m1"]), idOf, run);
    expect(calls).toEqual([{ workspaceId: "wsA", ids: ["m1", "m2"] }]);
    expect(results).toEqual([{ ok: false, error: "m1 failed" }, { ok: true }, { ok: false, error: "m1 failed" }]);
  });

  it("keeps the same id in two workspaces apart", async () => {
    const { calls, run } = recordingRun((ws) => (ws === "wsB" ? { ok: false, error: "not here" } : { ok: true }));
    const results = await runPerWorkspace(items(["wsA", "m1"], ["wsB", "m1"]), idOf, run);
    expect(calls).toHaveLength(2);
    expect(results).toEqual([{ ok: true }, { ok: false, error: "not here" }]);
  });

  it("fails only the items of a workspace whose run throws", async () => {
    const boom = new Error("tenant transaction failed");
    const results = await runPerWorkspace(items(["wsA", "m1"], ["wsB", "m2"], ["wsA", "m3"], ["wsB", "m4"]), idOf, async (workspaceId, ids) => {
      if (workspaceId === "wsB") throw boom;
      return new Map(ids.map((id): [string, BatchItemResult] => [id, { ok: true }]));
    });
    expect(results).toEqual([{ ok: true }, { ok: false, error: boom }, { ok: true }, { ok: false, error: boom }]);
  });

  it("gives an error result to an item its run left out of the answer", async () => {
    const results = await runPerWorkspace(items(["wsA", "m1"], ["wsA", "m2"]), idOf, async () => new Map([["m1", { ok: true } as BatchItemResult]]));
    expect(results[0]).toEqual({ ok: true });
    expect(results[1]).toMatchObject({ ok: false });
    expect(String((results[1] as { error: unknown }).error)).toMatch(/not handled/);
  });

  it("answers an empty batch without running anything", async () => {
    const { calls, run } = recordingRun();
    expect(await runPerWorkspace([], idOf, run)).toEqual([]);
    expect(calls).toEqual([]);
  });
});
