import { describe, expect, it } from "vitest";
import { findUnknownEntities } from "./find-unknown-entities";

const sources = { knowledge: "The Trail 29 is our best-selling hardtail. We service all brands at our Elm Street workshop.", message: "does the trail 29 come in blue?", companyName: "Owen Bikes" };

describe("findUnknownEntities", () => {
  it("names what the articles, the message and the company name never mention", () => {
    expect(findUnknownEntities("The Trail 29 comes with Shimano Deore brakes.", sources, "en")).toEqual(["Shimano", "Deore"]);
    expect(findUnknownEntities("We're on Elm Street, right across from Riverside Park.", sources, "en")).toEqual(["Riverside", "Park"]);
    expect(findUnknownEntities("We're an official Bosch partner.", sources, "en")).toEqual(["Bosch"]);
  });

  it("passes names it can tie to the sources, and words that only start a sentence", () => {
    expect(findUnknownEntities("Great question! The Trail 29 is our best-selling hardtail, and Owen Bikes services all brands.", sources, "en")).toEqual([]);
    expect(findUnknownEntities("Hi! Sure, I can check. Thanks for asking 😊", sources, "en")).toEqual([]);
  });

  it("counts only acronyms in German, where every noun is capitalised", () => {
    expect(findUnknownEntities("Das Trail 29 hat eine Garantie von zwei Jahren und ist TÜV geprüft.", sources, "de")).toEqual(["TÜV"]);
  });
});
