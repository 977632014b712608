import { afterEach, describe, expect, it, vi } from "vitest";
import { newId } from "./new-id";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("newId", () => {
  it("has the shape of a Prisma cuid: 25 chars of [a-z0-9], starting with c", () => {
    for (let i = 0; i < 200; i += 1) {
      const id = newId();
      expect(id).toHaveLength(25);
      expect(id).toMatch(/^c[a-z0-9]{24}$/);
    }
  });

  it("gives 10,000 different ids in a tight loop", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId()));
    expect(ids.size).toBe(10_000);
  });

  it("sorts ids from a later millisecond after earlier ones", () => {
    const start = Date.UTC(2026, 0, 1);
    const now = vi.spyOn(Date, "now");
    const ids: string[] = [];
    for (let ms = 0; ms < 50; ms += 1) {
      now.mockReturnValue(start + ms * 7);
      ids.push(newId(), newId());
    }
    // Compare across milliseconds only: within one the counter and randomness decide.
    for (let i = 2; i < ids.length; i += 2) {
      expect(ids[i]! > ids[i - 1]!, `${ids[i]} after ${ids[i - 1]}`).toBe(true);
      expect(ids[i + 1]! > ids[i - 2]!).toBe(true);
    }
    now.mockReturnValue(start + 365 * 86_400_000);
    const yearLater = newId();
    expect(ids.every((id) => id < yearLater)).toBe(true);
  });
});
