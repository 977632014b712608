import { describe, expect, it } from "vitest";
import { resolveRange, toDateInput } from "./analytics-range";

const today = new Date(2026, 5, 15, 14, 30); // 15 June 2026, local time

describe("resolveRange", () => {
  it("a preset is the last N whole local days, today included", () => {
    const r = resolveRange({ preset: 7 }, today);
    expect(r).toEqual({ ok: true, from: new Date(2026, 5, 9), to: new Date(2026, 5, 16) });
  });

  it("custom dates include the end day", () => {
    expect(resolveRange({ preset: "custom", start: "2026-06-01", end: "2026-06-01" }, today)).toEqual({ ok: true, from: new Date(2026, 5, 1), to: new Date(2026, 5, 2) });
  });

  it("refuses bad custom dates with a message", () => {
    expect(resolveRange({ preset: "custom", start: "", end: "2026-06-01" }, today)).toEqual({ ok: false, error: "Enter both dates." });
    expect(resolveRange({ preset: "custom", start: "2026-02-30", end: "2026-03-01" }, today)).toMatchObject({ ok: false });
    expect(resolveRange({ preset: "custom", start: "2026-06-10", end: "2026-06-01" }, today)).toMatchObject({ ok: false, error: expect.stringContaining("on or after") });
    expect(resolveRange({ preset: "custom", start: "2026-06-10", end: "2026-06-20" }, today)).toMatchObject({ ok: false, error: expect.stringContaining("future") });
    expect(resolveRange({ preset: "custom", start: "2025-01-01", end: "2026-06-01" }, today)).toMatchObject({ ok: false, error: expect.stringContaining("366") });
    expect(resolveRange({ preset: "custom", start: "2025-06-15", end: "2026-06-15" }, today)).toMatchObject({ ok: true });
  });

  it("formats dates for date inputs", () => {
    expect(toDateInput(new Date(2026, 0, 5))).toBe("2026-01-05");
  });
});
