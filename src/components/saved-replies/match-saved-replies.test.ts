import { describe, expect, it } from "vitest";
import { insertSavedReply, matchSavedReplies, typedShortcut } from "./match-saved-replies";

const replies = [
  { id: "1", title: "Opening hours", body: "We are open 9-17.", shortcut: "hours" },
  { id: "2", title: "Pricing", body: "The Pro plan is $29.", shortcut: "pricing" },
  { id: "3", title: "Price match", body: "We match any price.", shortcut: "pm" },
  { id: "4", title: "Returns", body: "30 days, see our pricing page.", shortcut: null },
];

describe("typedShortcut", () => {
  it("reads a shortcut only when the whole composer is / and a word", () => {
    expect(typedShortcut("/")).toBe("");
    expect(typedShortcut("/Pri")).toBe("pri");
    expect(typedShortcut("/pricing")).toBe("pricing");
    for (const text of ["", "pricing", "see /pricing", "/pricing now", " /pricing", "/pri\n"]) expect(typedShortcut(text)).toBeNull();
  });
});

describe("matchSavedReplies", () => {
  it("ranks the exact shortcut, then shortcut prefixes, titles, and texts", () => {
    expect(matchSavedReplies(replies, "pricing").map((r) => r.id)).toEqual(["2", "4"]);
    expect(matchSavedReplies(replies, "/pri").map((r) => r.id)).toEqual(["2", "3", "4"]);
    expect(matchSavedReplies(replies, "PM").map((r) => r.id)).toEqual(["3"]);
    expect(matchSavedReplies(replies, "open").map((r) => r.id)).toEqual(["1"]);
    expect(matchSavedReplies(replies, "nothing like it")).toEqual([]);
  });
  it("lists everything for an empty query, in the given order", () => {
    expect(matchSavedReplies(replies, " ").map((r) => r.id)).toEqual(["1", "2", "3", "4"]);
  });
});

describe("insertSavedReply", () => {
  it("replaces a typed shortcut or an empty box, and goes below other text", () => {
    expect(insertSavedReply("/pri", "The Pro plan is $29.")).toBe("The Pro plan is $29.");
    expect(insertSavedReply("  ", "Hi!")).toBe("Hi!");
    expect(insertSavedReply("Thanks for waiting.\n", "Hi!")).toBe("Thanks for waiting.\n\nHi!");
  });
});
