import { describe, expect, it } from "vitest";
import { anonymise } from "./anonymise";
import { findBirthDates } from "./find-birth-dates";

describe("findBirthDates", () => {
  it.each([
    ["DOB: 14/03/1988, thanks", "14/03/1988"],
    ["my date of birth is 1988-03-14", "1988-03-14"],
    ["I was born on the 3rd of May 1990.", "3rd of May 1990"],
    ["Birthday: March 14, 1988", "March 14, 1988"],
    ["geboren am 14. März 1988", "14. März 1988"],
    ["née le 2 février 1991", "2 février 1991"],
    ["fecha de nacimiento: 14 de marzo de 1988", "14 de marzo de 1988"],
    ["data di nascita 01/02/1979", "01/02/1979"],
    ["дата рождения 14 марта 1988 г.", "14 марта 1988 г"],
    ["出生日期1988年3月14日，谢谢", "1988年3月14日"],
  ])("finds the birth date in %j", (text, date) => {
    expect(findBirthDates(text).map((s) => s.value)).toEqual([date]);
  });

  it.each([
    "Can you deliver on 14/03/2025?",
    "Booked for March 14, see you then",
    "Order placed 2024-01-15",
    "born in 1988", // a year alone is not redacted
    "We're open 9-17 every day",
    "Adobe 12/12/2020 licence",
    "My birthday party is next week, any cakes?",
  ])("finds nothing in %j", (text) => {
    expect(findBirthDates(text)).toEqual([]);
  });

  it("redacts only the date, not the cue", () => {
    expect(anonymise("DOB 14/03/1988, delivery 20/03/2025").text).toBe("DOB [DOB_1], delivery 20/03/2025");
  });
});
