import { describe, expect, it } from "vitest";
import { anonymise } from "./anonymise";
import { findSpelledEmails } from "./find-spelled-emails";

describe("findSpelledEmails", () => {
  it.each([
    ["write me: jane at example dot com thanks", "jane at example dot com"],
    ["jane dot doe at gmail dot com", "jane dot doe at gmail dot com"],
    ["o'brien at mail.ie", "o'brien at mail.ie"],
    ["juan arroba correo punto es", "juan arroba correo punto es"],
    ["send to priya at mail dot co dot uk.", "priya at mail dot co dot uk"],
  ])("finds the email in %j", (text, email) => {
    expect(findSpelledEmails(text).map((s) => s.value)).toEqual([email]);
  });

  it.each(["meet at noon dot", "find us at acme dot com", "we're at acme.com", "I'm at home", "we arrived at 10.30 today", "look at this."])(
    "finds nothing in %j",
    (text) => {
      expect(findSpelledEmails(text)).toEqual([]);
    },
  );

  it("gives a spelled and a written address of the same mailbox one placeholder", () => {
    expect(anonymise("jane at example dot com, i.e. jane@example.com").text).toBe("[EMAIL_1], i.e. [EMAIL_1]");
  });
});

describe("emails with apostrophes", () => {
  it("redacts the whole local part, not just what follows the apostrophe", () => {
    const { text, mapping } = anonymise("Mail o'brien@example.ie or 'sean.o’neill@example.ie'");
    expect(text).toBe("Mail [EMAIL_1] or '[EMAIL_2]'");
    expect(Object.values(mapping)).toEqual(["o'brien@example.ie", "sean.o’neill@example.ie"]);
  });
});
