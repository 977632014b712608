import { describe, expect, it } from "vitest";
import { checkReply } from "./guardrails";
import { findMisattributedPrices } from "./find-misattributed-prices";

const MENU = [
  { title: "Menu", body: "Flat white: $4.50. Cold brew: $5.25. Oat milk adds $0.75 to any drink." },
  { title: "Catering", body: "Coffee box for 10 people: $38, delivered downtown." },
];

describe("findMisattributedPrices", () => {
  it("flags a price the knowledge gives to another item", () => {
    expect(findMisattributedPrices("A cold brew is $4.50 today.", MENU)).toEqual(["$4.50"]);
    expect(findMisattributedPrices("The coffee box for 10 people is $5.25.", MENU)).toEqual(["$5.25"]);
  });

  it("passes a price stated with its own item, in other words too", () => {
    expect(findMisattributedPrices("Our cold brew costs $5.25.", MENU)).toEqual([]);
    expect(findMisattributedPrices("Catering: a box of coffee for ten is $38 and we deliver downtown.", MENU)).toEqual([]);
  });

  it("binds a price to its article's title when the body does not name the item", () => {
    const articles = [
      { title: "Hot desk", body: "$250 per month, any free seat." },
      { title: "Dedicated desk", body: "$400 per month, your own desk and locker." },
    ];
    expect(findMisattributedPrices("A dedicated desk is $250 per month.", articles)).toEqual(["$250"]);
    expect(findMisattributedPrices("A dedicated desk is $400 per month.", articles)).toEqual([]);
  });

  it("does not guess: two prices in one sentence of the knowledge or of the reply pass", () => {
    const shipping = [{ title: "Shipping", body: "Standard shipping costs $6; orders over $40 ship free." }];
    expect(findMisattributedPrices("Orders over $6 ship free.", shipping)).toEqual([]);
    expect(findMisattributedPrices("A flat white is $5.25 and a cold brew $4.50.", MENU)).toEqual([]);
  });

  it("ends a sentence at an emoji followed by a capital", () => {
    expect(findMisattributedPrices("Flat white is $4.50 ☕ Cold brew is $4.50 too", MENU)).toEqual(["$4.50"]);
  });

  it("leaves a price absent from the knowledge to the price check", () => {
    expect(findMisattributedPrices("A cold brew is $9.", MENU)).toEqual([]);
    expect(checkReply("A cold brew is $9.", { knowledge: MENU.map((k) => ({ ...k, id: "k" })) as never, customerMessage: "price?", platform: "facebook" }).violations.map((v) => v.kind)).toContain("price");
  });

  it("is reported by the guardrails as a price violation", () => {
    const result = checkReply("A cold brew is $4.50.", { knowledge: MENU.map((k) => ({ ...k, id: "k" })) as never, customerMessage: "How much is a cold brew?", platform: "facebook" });
    expect(result.ok).toBe(false);
    expect(result.violations).toContainEqual({ kind: "price", detail: '"$4.50" belongs to something else in the retrieved knowledge' });
  });
});
