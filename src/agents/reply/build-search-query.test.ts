import { describe, expect, it } from "vitest";
import { buildSearchQuery } from "./build-search-query";

const SAFE_QUERY = /^[\p{L}\p{N}]+(?: OR [\p{L}\p{N}]+)*$/u;

describe("buildSearchQuery", () => {
  it("keeps content words, drops placeholders and stopwords, OR-joins", () => {
    const query = buildSearchQuery("Hi [NAME_1]! Do you ship to Canada? Reach me at [EMAIL_1]");
    expect(query).toMatch(SAFE_QUERY);
    const terms = query?.split(" OR ") ?? [];
    expect(terms.slice(0, 2)).toEqual(["ship", "canada"]);
    expect(terms).toContain("delivery"); // synonym
    for (const dropped of ["hi", "name", "do", "you", "to", "me", "at"]) expect(terms).not.toContain(dropped);
  });

  it("maps 'how much' to price words", () => {
    const terms = buildSearchQuery("How much is the enterprise plan?")?.split(" OR ") ?? [];
    expect(terms).toEqual(expect.arrayContaining(["price", "enterprise", "plan"]));
  });

  it("returns null when nothing searchable is left", () => {
    expect(buildSearchQuery("hi!!! ??? thanks :) [NAME_1] 12345")).toBeNull();
    expect(buildSearchQuery("")).toBeNull();
  });

  it("cannot carry websearch syntax through", () => {
    const query = buildSearchQuery('"refund" -policy OR (cancel) https://evil.example/x?q=1 don\'t');
    expect(query).toMatch(SAFE_QUERY);
    expect(query).not.toMatch(/evil|"|-|\(/);
  });

  it("keeps non-English words", () => {
    expect(buildSearchQuery("¿Cuánto cuesta el envío a México?")).toContain("méxico");
  });
});
