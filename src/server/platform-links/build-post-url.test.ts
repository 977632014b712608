import { describe, expect, it } from "vitest";
import { PLATFORMS } from "@/shared/vocabulary";
import { messagePostUrl, threadPostUrl, xPostUrl } from "./build-post-url";

describe("post links", () => {
  it("builds X's documented status address for mentions, from the post id", () => {
    expect(messagePostUrl("X", "MENTION", "1860000000000000001")).toBe("https://x.com/i/web/status/1860000000000000001");
    expect(threadPostUrl("X", "MENTION", "1859999999999999999")).toBe("https://x.com/i/web/status/1859999999999999999");
  });

  it("refuses anything that is not an X post id (no injected paths or hosts)", () => {
    for (const id of ["", "abc", "12/../../evil", "1".repeat(20), "123?x=1", " 123", "https://evil.test/1"]) expect(xPostUrl(id)).toBeNull();
  });

  it("has no link for X DMs (no documented address)", () => {
    expect(messagePostUrl("X", "DM", "1860000000000000001")).toBeNull();
    expect(threadPostUrl("X", "DM", "1234-5678")).toBeNull();
  });

  it("never guesses a Facebook or Instagram address from Graph ids, and has none for the Demo channel", () => {
    for (const platform of ["FACEBOOK", "INSTAGRAM", "DEMO", "LINKEDIN", "WHATSAPP"] as const) {
      for (const kind of ["DM", "COMMENT", "MENTION"] as const) {
        expect(messagePostUrl(platform, kind, "123456_7890")).toBeNull();
        expect(threadPostUrl(platform, kind, "123456_7890")).toBeNull();
      }
    }
  });

  it("covers every platform of the vocabulary", () => {
    // A new platform must be considered here: only X builds links today.
    expect(PLATFORMS.filter((p) => messagePostUrl(p, "MENTION", "1") !== null)).toEqual(["X"]);
  });
});
