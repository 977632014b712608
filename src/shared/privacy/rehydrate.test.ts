import { describe, expect, it } from "vitest";
import { rehydrate, rehydrateReply, stripPlaceholders } from "./rehydrate";

const mapping = {
  "[NAME_1]": "Jane",
  "[EMAIL_1]": "jane@example.com",
  "[PHONE_1]": "+44 20 7946 0958",
  "[HANDLE_1]": "@jane",
};

describe("rehydrate", () => {
  it("restores every known placeholder and leaves unknown ones", () => {
    expect(rehydrate("[NAME_1] <[EMAIL_1]> [PHONE_1] [URL_9]", mapping)).toBe(
      "Jane <jane@example.com> +44 20 7946 0958 [URL_9]",
    );
  });

  it("does not interpret $ patterns in original values", () => {
    expect(rehydrate("[NAME_1]", { "[NAME_1]": "$& $1 $$" })).toBe("$& $1 $$");
  });
});

describe("rehydrateReply", () => {
  it("addresses the customer by name but never echoes contact details", () => {
    const reply = rehydrateReply("Hi [NAME_1], we'll email [EMAIL_1] or call [PHONE_1].", mapping, "private");
    expect(reply).toBe("Hi Jane, we'll email your email address or call your phone number.");
  });

  it("drops handles and invented placeholders cleanly", () => {
    expect(rehydrateReply("Thanks [HANDLE_1]! Hi [NAME_7], see [URL_1].", mapping, "public")).toBe(
      "Thanks! Hi, see the link you shared.",
    );
  });
});

describe("stripPlaceholders", () => {
  it("removes names and tidies punctuation", () => {
    expect(stripPlaceholders("Hi [NAME_1], thanks [NAME_1]!")).toBe("Hi, thanks!");
  });
});
