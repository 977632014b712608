import { describe, expect, it } from "vitest";
import { placeNotes } from "./place-notes";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 12, minute));
const note = (id: string, minute: number) => ({ id, createdAt: at(minute) });

describe("placeNotes", () => {
  const anchors = [{ id: "m1", at: at(10) }, { id: "m2", at: at(20) }, { id: "m3", at: at(30) }];

  it("puts each note after the last message sent at or before it, oldest first", () => {
    const placed = placeNotes(anchors, [note("n4", 35), note("n2", 20), note("n1", 12), note("n3", 25)]);
    expect(placed.leading).toEqual([]);
    expect(placed.after.get("m1")?.map((n) => n.id)).toEqual(["n1"]);
    expect(placed.after.get("m2")?.map((n) => n.id)).toEqual(["n2", "n3"]);
    expect(placed.after.get("m3")?.map((n) => n.id)).toEqual(["n4"]);
  });

  it("leads with notes older than every message, and with all of them when there is no message", () => {
    expect(placeNotes(anchors, [note("n0", 5)]).leading.map((n) => n.id)).toEqual(["n0"]);
    const empty = placeNotes([], [note("a", 1), note("b", 2)]);
    expect(empty.leading.map((n) => n.id)).toEqual(["a", "b"]);
    expect(empty.after.size).toBe(0);
  });
});
