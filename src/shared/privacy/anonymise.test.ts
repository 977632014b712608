import { describe, expect, it } from "vitest";
import { anonymise } from "./anonymise";
import { rehydrate } from "./rehydrate";

const PII_MESSAGE = `Hi! My name is Priya Raman, this is Sam Okafor from Northwind.
Email priya.raman@example.co.uk or write to priya (at) mail (dot) com.
Call +44 20 7946 0958, (555) 123-4567, 07700900123 or +1-202-555-0173.
My card is 4111 1111 1111 1111. I'm @priya_designs on IG: https://instagram.com/priya.designs
Reset link: https://app.example.com/reset?token=8f3a9c2b7d1e4f60&email=priya@example.com
Thanks,
Priya`;

const ORIGINALS = [
  "Priya Raman", "Priya", "Raman", "Sam Okafor", "Okafor",
  "priya.raman@example.co.uk", "priya (at) mail (dot) com",
  "+44 20 7946 0958", "(555) 123-4567", "07700900123", "+1-202-555-0173",
  "4111 1111 1111 1111", "@priya_designs", "instagram.com/priya.designs",
  "token=8f3a9c2b7d1e4f60", "priya@example.com",
];

describe("anonymise", () => {
  it("leaves no original value in a message full of personal data", () => {
    const { text } = anonymise(PII_MESSAGE, { names: ["Priya Raman"], handles: ["priya_designs"] });
    for (const value of ORIGINALS) expect(text, value).not.toContain(value);
    expect(text.toLowerCase()).not.toContain("priya");
    expect(text).toContain("Northwind"); // a business name is not personal data
  });

  it("uses the documented placeholder kinds", () => {
    const { text } = anonymise(PII_MESSAGE, { names: ["Priya Raman"] });
    for (const kind of ["NAME", "EMAIL", "PHONE", "HANDLE", "URL", "CARD"]) {
      expect(text).toMatch(new RegExp(`\\[${kind}_1\\]`));
    }
  });

  it("round-trips through rehydrate", () => {
    const { text, mapping } = anonymise(PII_MESSAGE, { names: ["Priya Raman"], handles: ["priya_designs"] });
    expect(rehydrate(text, mapping)).toBe(PII_MESSAGE);
  });

  it("gives a repeated value the same placeholder, across case and formatting", () => {
    const { text, mapping } = anonymise(
      "Mail JANE@EXAMPLE.COM or jane@example.com; call +44 20 7946 0958 / +442079460958. Jane Doe, jane doe.",
      { names: ["Jane Doe"] },
    );
    expect(text).toBe("Mail [EMAIL_1] or [EMAIL_1]; call [PHONE_1] / [PHONE_1]. [NAME_1], [NAME_1].");
    expect(Object.keys(mapping)).toEqual(["[EMAIL_1]", "[PHONE_1]", "[NAME_1]"]);
  });

  it("handles unicode names whole-word and case-insensitively", () => {
    const names = ["José Müller", "Zoë Łukasiewicz", "Ngozi Okonkwo-Adeyemi", "Siobhán O'Brien"];
    const input =
      "Hola, soy josé müller. ZOË ŁUKASIEWICZ y Ngozi Okonkwo-Adeyemi vienen; O'Brien también. Josélito no.";
    const { text, mapping } = anonymise(input, { names });
    expect(text).toBe("Hola, soy [NAME_1]. [NAME_2] y [NAME_3] vienen; [NAME_4] también. Josélito no.");
    expect(rehydrate(text, mapping)).toBe(input);
  });

  it("detects self-introductions in several forms and languages", () => {
    const cases: Array<[string, string]> = [
      ["my name is jane and I need help", "Jane"],
      ["I'm Tomasz Nowak, interested in the pro plan", "Tomasz Nowak"],
      ["Hi, this is Aisha from Contoso", "Aisha"],
      ["Je m'appelle Élodie Durand", "Élodie Durand"],
      ["Hola, me llamo Íñigo", "Íñigo"],
      ["你好，我叫王伟，想了解价格", "王伟"],
      ["Quick question about pricing.\n\nBest regards,\nMaría José", "María José"],
      ["Hello, my name is Will Hope.", "Will Hope"],
    ];
    for (const [input, name] of cases) {
      const { text } = anonymise(input);
      expect(text.toLowerCase(), input).not.toContain(name.toLowerCase());
      expect(text).toContain("[NAME_1]");
    }
  });

  it("does not treat everyday words after 'I'm' or bullet points as names", () => {
    const input = "I'm Interested in a demo. I'm not sure. It's Monday. My name is not important.\n- Pricing\n- Support";
    expect(anonymise(input).text).toBe(input);
  });

  it("only matches common-word name parts when capitalised", () => {
    const { text } = anonymise("We will hope for the best. Will Hope wrote; Hope called.", {
      names: ["Will Hope"],
    });
    expect(text).toBe("We will hope for the best. [NAME_1] wrote; [NAME_2] called.");
  });

  it("keeps bare domains and plain pages but redacts identifying URLs", () => {
    const { text } = anonymise(
      "Saw acme.com and https://acme.com/pricing. Me: linkedin.com/in/janedoe, https://x.com/jdoe, " +
        "https://shop.example.com/orders/99812345 and https://example.com/p?utm_source=ig",
    );
    expect(text).toBe(
      "Saw acme.com and https://acme.com/pricing. Me: [URL_1], [URL_2], [URL_3] and https://example.com/p?utm_source=ig",
    );
  });

  it("does not mistake dates, amounts, order numbers or years for phone numbers", () => {
    const input = "Order 12345678 placed 2024-01-15 (15/01/2024) for 1 234 567 units, 1990-2005 models, 10:30.";
    // The order number is redacted as what it is, not as a phone; the rest is not personal.
    expect(anonymise(input).text).toBe(input.replace("12345678", "[ORDER_1]"));
  });

  it("does not let two phone numbers written back to back slip through", () => {
    const { text } = anonymise("call 555 123 4567 555 987 6543 please");
    expect(text).not.toMatch(/\d{3}/);
  });

  it("rejects card-like numbers that fail the Luhn check as cards", () => {
    expect(anonymise("ref 4111 1111 1111 1112").text).not.toContain("[CARD_");
  });

  it("neutralises placeholder look-alikes typed by the customer", () => {
    const { text, mapping } = anonymise("Send it to [EMAIL_1] please, I'm at a@b.co");
    expect(text).toBe("Send it to (EMAIL_1) please, I'm at [EMAIL_1]");
    expect(mapping).toEqual({ "[EMAIL_1]": "a@b.co" });
  });

  it("redacts a known handle with or without @ and a URL containing the contact's name", () => {
    const { text } = anonymise("DM @Acme_Fan or acme_fan. Portfolio: priyaraman.com/priya", {
      names: ["Priya"],
      handles: ["@acme_fan"],
    });
    expect(text).toBe("DM [HANDLE_1] or [HANDLE_1]. Portfolio: [URL_1]");
  });

  it("anonymises 100 KB of text without super-linear blow-up (under 200 ms of CPU)", () => {
    const chunk =
      "Hello, I'm Jane Doe. Email jane.doe@example.com or call +1 (555) 123-4567 about https://acme.com/pricing?ref=ig " +
      "and order 12345678 — we are a team of 12 and need a quote ASAP. @janedoe thanks! ";
    const big = chunk.repeat(Math.ceil(100_000 / chunk.length)).slice(0, 100_000);
    const known = { names: ["Jane Doe"], handles: ["janedoe"] };
    anonymise(big, known); // warm-up: the first call compiles the regular expressions
    // Best of seven runs, in CPU time of this process: CI machines share their cores with
    // other jobs, and time spent descheduled or on a contended core is not the function's
    // cost. (Undisturbed, this input takes about 15 ms; the bound only catches a super-linear
    // regression, since the machine is shared with other test files.)
    const timings = Array.from({ length: 7 }, () => {
      const started = process.cpuUsage();
      const { text } = anonymise(big, known);
      const used = process.cpuUsage(started);
      expect(text).not.toContain("jane.doe@example.com");
      return (used.user + used.system) / 1000;
    });
    expect(Math.min(...timings)).toBeLessThan(200);
  });

  it("stays fast on adversarial input (long digit and letter runs)", () => {
    const nasty = `${"1 ".repeat(20_000)}${"a".repeat(30_000)}@${"b.".repeat(10_000)}`;
    const started = process.cpuUsage();
    anonymise(nasty);
    const used = process.cpuUsage(started);
    // Catastrophic backtracking would take seconds; linear scanning takes tens of ms.
    expect((used.user + used.system) / 1000).toBeLessThan(500);
  });

  it("stays fast on input crafted against the cue-based detectors", () => {
    const nasty = ["order #", "a at ", "jane dot ", "12 Big Big Big Big ", "Calle De La ", "DOB ", "my ig is ", "DE89 ", "my name is ", "#1234"]
      .map((piece) => piece.repeat(Math.ceil(20_000 / piece.length)))
      .join(" ");
    const started = process.cpuUsage();
    anonymise(nasty);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(1_000);
  });
});
