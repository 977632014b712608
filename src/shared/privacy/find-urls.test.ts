import { describe, expect, it } from "vitest";
import { findUrls, urlCarriesIdentifier } from "./find-urls";

describe("findUrls", () => {
  it("finds scheme, www and bare-domain URLs, without trailing punctuation", () => {
    const found = findUrls("See https://acme.com/a?b=1, www.acme.io. Or acme.co.uk/x! Not e.g. or node.js; mail a@b.com").map(
      (u) => u.value,
    );
    expect(found).toEqual(["https://acme.com/a?b=1", "www.acme.io", "acme.co.uk/x"]);
  });
});

describe("urlCarriesIdentifier", () => {
  it.each([
    ["acme.com", false],
    ["https://acme.com/pricing", false],
    ["https://example.com/p?utm_source=ig&lang=en", false],
    ["instagram.com/jane.doe", true],
    ["https://www.linkedin.com/in/janedoe", true],
    ["https://wa.me/447700900123", true],
    ["https://shop.example.com/checkout?session=abc", true],
    ["https://app.example.com/#access_token=xyz", true],
    ["https://user:pw@example.com", true],
    ["https://example.com/orders/99812345", true],
    ["https://example.com/u/jdoe", true],
    ["https://example.com/invite/3f9a8b7c6d5e4f3a2b1c", true],
  ])("%s -> %s", (url, expected) => {
    expect(urlCarriesIdentifier(url)).toBe(expected);
  });
});
