import { describe, expect, it } from "vitest";
import { detectLanguage, sameLanguage } from "./detect-language";

const SHORT_MESSAGES: Array<[string, string]> = [
  ["Do you ship to Mexico?", "en"],
  ["How much is the Pro plan?", "en"],
  ["my order hasn't arrived", "en"],
  ["¿Hacen envíos a México?", "es"],
  ["Quiero un reembolso ya", "es"],
  ["Livrez-vous en Suisse ?", "fr"],
  ["Combien coûte le plan Pro ?", "fr"],
  ["Liefert ihr nach Österreich?", "de"],
  ["Was kostet der Pro-Plan?", "de"],
  ["Vocês entregam no Brasil?", "pt"],
  ["Quanto custa o plano Pro?", "pt"],
  ["Spedite in Italia?", "it"],
];

describe("detectLanguage", () => {
  it.each(SHORT_MESSAGES)("tells the language of the short message %j (%s)", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it("ignores placeholders and links", () => {
    expect(detectLanguage("[NAME_1] [EMAIL_1] https://example.com/a/b/c")).toBeNull();
    expect(detectLanguage("Hola [NAME_1], ¿cuánto cuesta el envío?")).toBe("es");
  });

  it("says null when there is too little text to tell", () => {
    for (const text of ["", "ok", "👍👍", "price?", "   "]) expect(detectLanguage(text)).toBeNull();
  });

  it("holds a reply to the customer's language only when that is known", () => {
    expect(sameLanguage(null, "en")).toBe(true);
    expect(sameLanguage("es", "es")).toBe(true);
    expect(sameLanguage("es", "en")).toBe(false);
    expect(sameLanguage("es", null)).toBe(false);
  });
});
