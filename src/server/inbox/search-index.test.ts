import { describe, expect, it } from "vitest";
import { parseKeyRing } from "../infra/crypto/key-ring";
import { searchTokens, searchWords } from "./search-index";

const ring = parseKeyRing(`k1:${Buffer.alloc(32, 7).toString("base64")}`, undefined, "blind-index-key-for-search-tests-0001");
const otherRing = parseKeyRing(`k1:${Buffer.alloc(32, 7).toString("base64")}`, undefined, "another-blind-index-key-for-tests-02");

describe("search words", () => {
  it("normalises case and accents, splits on anything but letters and digits, drops one-letter words and repeats", () => {
    expect(searchWords("Zoë's CAFÉ — café, Zürich! a 12 x")).toEqual(["zoe", "cafe", "zurich", "12"]);
    expect(searchWords("@pq_coffee order #A-1234")).toEqual(["pq", "coffee", "order", "1234"]);
    expect(searchWords("  ?! … ")).toEqual([]);
  });
});

describe("search tokens", () => {
  it("are keyed per workspace and per key, and reveal no word", () => {
    const a = searchTokens("ws_a", "Espresso grinder", ring);
    expect(a).toHaveLength(2);
    expect(searchTokens("ws_a", "GRINDER espresso", ring).sort()).toEqual([...a].sort());
    expect(searchTokens("ws_b", "Espresso grinder", ring)).not.toEqual(a);
    expect(searchTokens("ws_a", "Espresso grinder", otherRing)).not.toEqual(a);
    for (const t of a) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(t.toLowerCase()).not.toContain("espresso");
    }
  });
});
