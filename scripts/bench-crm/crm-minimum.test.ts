import { describe, expect, it } from "vitest";
import { minimumOf, presence, ratio } from "./crm-minimum";
import { verdictOf, type CrmBenchResult } from "./format-crm-report";

describe("the CRM benchmark's minimum and verdict", () => {
  it("counts upserts and note calls at their batch sizes plus prepare, and when the last can start under the rolling window", () => {
    const hubspot = minimumOf({ leads: 10_000, upsertBatch: 100, noteBatch: 100, callsPerNoteStep: 1, fixed: 12 }, { requests: 110, perMs: 10_000 });
    expect(hubspot).toMatchObject({ upserts: 100, notes: 100, fixed: 12, calls: 212 });
    // 110 start at once, the other 102 one window later.
    expect(hubspot.durationMs).toBe(10_000);
    expect(minimumOf({ leads: 10_001, upsertBatch: 200, noteBatch: 200, callsPerNoteStep: 2, fixed: 1 }, { requests: 10, perMs: 1_000 })).toMatchObject({ upserts: 51, notes: 102, calls: 154, durationMs: 15_000 });
    expect(ratio(0, 0)).toBe(1);
    expect(ratio(3, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it("finds missing, duplicated and unknown keys", () => {
    expect(presence(["a", "b", "c"], ["a", "b", "b", "z"])).toEqual({ once: 1, missing: 1, duplicated: 1, foreign: 1 });
  });

  it("is met only when both ratios are within the target, and 'every lead once' only without a gap or a duplicate", () => {
    const base: CrmBenchResult = {
      crm: "HubSpot", leads: 2, durationMs: 1_100, pacingMs: 0, httpMs: 0, runs: 1, callsByEndpoint: { upsert: 1, notes: 1 },
      limit: { label: "x", requests: 2, perMs: 1_000 }, pacing: { requests: 2, perMs: 1_000 },
      minimum: { upserts: 1, notes: 1, fixed: 0, calls: 2, durationMs: 1_000 }, minimumNote: "", presence: { once: 2, missing: 0, duplicated: 0, foreign: 0 },
      linksSynced: 2, refused: 0, fakeBusyMs: 0,
    };
    expect(verdictOf(base, 1.2)).toMatchObject({ met: true, allOnce: true });
    expect(verdictOf({ ...base, durationMs: 1_300 }, 1.2).met).toBe(false);
    expect(verdictOf({ ...base, callsByEndpoint: { upsert: 2, notes: 1 } }, 1.2).met).toBe(false);
    expect(verdictOf({ ...base, presence: { once: 1, missing: 0, duplicated: 1, foreign: 0 } }, 1.2).allOnce).toBe(false);
  });
});
