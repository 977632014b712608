import { describe, expect, it } from "vitest";
import { anonymise } from "./anonymise";
import { findBareHandles } from "./find-bare-handles";

describe("findBareHandles", () => {
  it.each([
    ["my ig is coffee.lover_22", "coffee.lover_22"],
    ["insta: jane.doe", "jane.doe"],
    ["find me on tiktok janedoe99", "janedoe99"],
    ["username - jd_88", "jd_88"],
    ["my ig is janedoe", "janedoe"],
    ["my instagram handle: beans.and.me", "beans.and.me"],
    ["ig: @priya_designs", "@priya_designs"],
  ])("finds the handle in %j", (text, handle) => {
    expect(findBareHandles(text).map((s) => s.value)).toEqual([handle]);
  });

  it.each([
    "I saw your post on Instagram yesterday",
    "Instagram is great",
    "is the tiktok shop open?",
    "my instagram is private",
    "my account is 12345",
    "I'll pay with x 2 units",
    "big fan of the brand",
  ])("finds nothing in %j", (text) => {
    expect(findBareHandles(text)).toEqual([]);
  });

  it("redacts a handle found once wherever it recurs in the message", () => {
    expect(anonymise("my ig is coffee.lover_22, did coffee.lover_22 win?").text).toBe("my ig is [HANDLE_1], did [HANDLE_1] win?");
  });
});
