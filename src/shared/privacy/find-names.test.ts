import { describe, expect, it } from "vitest";
import { anonymise } from "./anonymise";
import { findIntroducedNames } from "./find-names";

describe("findIntroducedNames", () => {
  it.each([
    ["my name is jane doe and I need help", "jane doe"],
    ["my name is anna schmidt, i want the pro plan", "anna schmidt"],
    ["hi im sarah, do you ship to Canada?", "sarah"],
    ["im Jake from Acme", "Jake"],
    ["im Jake, want the pro plan", "Jake"],
    ["Dr. Anna Kowalski here, about the clinic plan", "Anna Kowalski"],
    ["Please reply to Mrs Okafor", "Okafor"],
    ["меня зовут Анна", "Анна"],
    ["Меня зовут анна петрова, хочу заказать", "анна петрова"],
    ["мене звати Олег", "Олег"],
    ["我叫王伟想了解价格", "王伟"],
    ["اسمي فاطمة الزهراء وأريد الطلب", "فاطمة الزهراء"],
    ["私の名前は田中です", "田中"],
    ["佐藤と申します", "佐藤"],
    ["제 이름은 김민준입니다", "김민준"],
    ["שמי דנה", "דנה"],
    ["मेरा नाम राहुल शर्मा है", "राहुल शर्मा"],
    ["nazywam się Jan Kowalski", "Jan Kowalski"],
    ["mijn naam is Sanne de Vries", "Sanne de Vries"],
  ])("finds the name in %j", (text, name) => {
    expect(findIntroducedNames(text)).toContain(name);
  });

  it.each([
    "I'm interested in the pro plan",
    "im sure.",
    "I'm looking for a quote",
    "My name is not important.",
    "im new here, what do you sell?",
    "my name is jane i need help", // "i" ends the name
    "我想了解价格",
    "Dr. appointment booking software?",
    "Wir sind im Sommer in Berlin und brauchen Kaffee", // German "im" is "in the"
    "Ich arbeite im Büro",
    "ok I'm convinced, how do I sign up",
    "my card is blocked and I'm abroad, please help",
    "hey I'm bored.",
  ])("finds no name beyond the obvious in %j", (text) => {
    const names = findIntroducedNames(text);
    if (text.startsWith("my name is jane")) expect(names).toEqual(["jane"]);
    else expect(names).toEqual([]);
  });

  it("redacts a lower-case surname and a title's name, keeping the title", () => {
    expect(anonymise("my name is jane doe. Dr. Smith referred me").text).toBe("my name is [NAME_1]. Dr. [NAME_2] referred me");
  });

  it("redacts a Korean name with its particle attached", () => {
    expect(anonymise("제 이름은 김민준입니다. 김민준이 주문했어요").text).not.toContain("김민준");
  });
});
