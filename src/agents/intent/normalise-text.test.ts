import { describe, expect, it } from "vitest";
import { MAX_INPUT_CHARS, normaliseText } from "./normalise-text";

describe("normaliseText", () => {
  it("unescapes HTML entities and strips tags", () => {
    expect(normaliseText("I can&#39;t stop &amp; won&#x27;t<br />stop &quot;it&quot;")).toBe("i cant stop wont stop it");
    expect(normaliseText('<a href="http://x.co/y">this</a> part')).toBe("this part");
    expect(normaliseText("double &amp;#39;escaped&amp;#39;")).toBe("double escaped");
  });

  it("removes U+FEFF, zero-width and bidi characters", () => {
    expect(normaliseText("Awesome song!\uFEFF")).toBe("awesome song !");
    expect(normaliseText("\uFEFFcheck my chan\uFEFFnel\uFEFF")).toBe("check my channel");
    expect(normaliseText("fr\u200Bee\u200D mo\u202Eney\u2066")).toBe("free money");
  });

  it("applies NFKC, lowercases and folds Latin accents", () => {
    expect(normaliseText("𝐅𝐑𝐄𝐄 ｆｒｅｅ")).toBe("free free");
    expect(normaliseText("¿Cuánto cuesta el ENVÍO?")).toBe("cuanto cuesta el envio ?");
  });

  it("replaces urls, emails, mentions and hashtags with tokens", () => {
    expect(normaliseText("see https://example.com/a?b=1 or www.foo.org and bit.ly/3xYz")).toBe("see xurl or xurl and xurl");
    expect(normaliseText("mail jo.doe+x@mail.co.uk or @Brand_Help")).toBe("mail xemail or xmention");
    expect(normaliseText("#Giveaway time")).toBe("xhashtag giveaway time");
  });

  it("tokenises phone numbers, prices, order numbers and plain numbers", () => {
    expect(normaliseText("call +1 (555) 123-4567 now")).toBe("call xphone now");
    expect(normaliseText("Call 08000839402")).toBe("call xphone");
    expect(normaliseText("only $25.99 or 30€ or 150p")).toBe("only xprice or xprice or xprice");
    expect(normaliseText("order #1234 arrived on 12/05")).toBe("order xordernum arrived on xnum xnum");
  });

  it("maps emoji and emoticons to coarse tokens", () => {
    expect(normaliseText("love it ❤️😍")).toBe("love it xemopos xemopos");
    expect(normaliseText("still waiting 😡")).toBe("still waiting xemoneg");
    expect(normaliseText("🔥💰 earn now")).toBe("xemohype xemohype earn now");
    expect(normaliseText("ship to 🇨🇦?")).toBe("ship to xemoflag ?");
    expect(normaliseText("thanks :) <3")).toBe("thanks xemopos xemopos");
  });

  it("collapses repeated characters, repeated tokens and whitespace", () => {
    expect(normaliseText("soooooo   goooood!!!!!")).toBe("soo good !!");
    expect(normaliseText("🔥🔥🔥🔥🔥 wow")).toBe("xemohype xemohype wow");
  });

  it("survives binary garbage and non-strings without throwing", () => {
    const garbage = String.fromCharCode(...Array.from({ length: 512 }, (_, i) => i % 256)) + "\uD800\uDFFF\uDBFF";
    expect(() => normaliseText(garbage)).not.toThrow();
    expect(normaliseText("\u0000\u0001\u0002\uD800")).toBe("");
    expect(normaliseText(undefined as unknown as string)).toBe("");
    expect(normaliseText("")).toBe("");
  });

  it("caps huge input quickly", () => {
    const huge = "buy cheap followers at spam.example.com ".repeat(2_600); // ~100 KB
    expect(huge.length).toBeGreaterThan(100_000);
    const started = performance.now();
    const out = normaliseText(huge);
    expect(performance.now() - started).toBeLessThan(500);
    expect(out.length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
    expect(out.startsWith("buy cheap followers at xurl")).toBe(true);
  });

  it("stays fast on pathological runs that make naive regexes quadratic", () => {
    for (const run of ["a".repeat(50_000), "a.".repeat(25_000), "1".repeat(50_000), "a@b" + ".c".repeat(25_000)]) {
      const started = performance.now();
      normaliseText(run);
      expect(performance.now() - started).toBeLessThan(50);
    }
  });
});
