import { describe, expect, it } from "vitest";
import { findIbans, isValidIban } from "./find-ibans";

describe("isValidIban", () => {
  it.each([
    ["DE89 3704 0044 0532 0130 00", true],
    ["GB82WEST12345698765432", true],
    ["NL91ABNA0417164300", true],
    ["FR14 2004 1010 0505 0001 3M02 606", true],
    ["GB82 WEST 1234 5698 7654 33", false], // one digit off
    ["DE89 3704 0044 0532 0130 01", false],
  ])("%s -> %s", (iban, valid) => {
    expect(isValidIban(iban)).toBe(valid);
  });
});

describe("findIbans", () => {
  it("finds printed, compact and lower-case IBANs, ending at the registered length", () => {
    const text = "IBAN DE89 3704 0044 0532 0130 00 thanks. Or gb82west12345698765432, NL91ABNA0417164300.";
    expect(findIbans(text).map((s) => s.value)).toEqual(["DE89 3704 0044 0532 0130 00", "gb82west12345698765432", "NL91ABNA0417164300"]);
  });

  it.each([
    "GB82 WEST 1234 5698 7654 33",
    "product code AB12 CDEF 1234 5678 90",
    "DE89370400440532013000123 is too long",
    "SKU XY12-0044-0532",
  ])("finds nothing in %j", (text) => {
    expect(findIbans(text)).toEqual([]);
  });
});
