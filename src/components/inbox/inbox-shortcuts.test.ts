import { describe, expect, it } from "vitest";
import { shortcutFor, SHORTCUTS } from "./inbox-shortcuts";

const press = (key: string, over: Partial<Parameters<typeof shortcutFor>[0]> = {}) =>
  shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, repeat: false, isComposing: false, target: null, ...over });

describe("inbox shortcuts", () => {
  it("maps the listed keys, and nothing else", () => {
    for (const s of SHORTCUTS) expect(press(s.key)).toBe(s.key);
    expect(press("x")).toBeNull();
    expect(press("J")).toBeNull();
    expect(press("Enter")).toBeNull();
  });

  it("stays out of the way with modifiers and while composing text", () => {
    expect(press("j", { ctrlKey: true })).toBeNull();
    expect(press("a", { metaKey: true })).toBeNull();
    expect(press("e", { altKey: true })).toBeNull();
    expect(press("r", { isComposing: true })).toBeNull();
  });
});
