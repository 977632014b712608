import { describe, expect, it } from "vitest";
import { anonymise } from "./anonymise";
import { findAddresses } from "./find-addresses";

const found = (text: string) => findAddresses(text).map((s) => s.value);

describe("findAddresses", () => {
  it.each([
    ["Please ship to 221B Baker Street, thanks", "221B Baker Street"],
    ["1600 Pennsylvania Ave NW, Apt 4 is my office", "1600 Pennsylvania Ave NW, Apt 4"],
    ["i live at 42 wallaby way sydney", "42 wallaby way"],
    ["Livrez au 12 rue de la Paix, 75002 Paris svp", "12 rue de la Paix, 75002 Paris"],
    ["Mi dirección: Calle Mayor 10, 3º B, 28013 Madrid", "Calle Mayor 10, 3º B, 28013 Madrid"],
    ["Spedite a Via Roma 12", "Via Roma 12"],
    ["Moro na Rua Augusta, 100", "Rua Augusta, 100"],
    ["Адрес: ул. Тверская, д. 7, кв. 12", "ул. Тверская, д. 7, кв. 12"],
    ["Lieferadresse Hauptstraße 5, 10115 Berlin", "Hauptstraße 5, 10115 Berlin"],
    ["Bezorgen op Keizersgracht 123", "Keizersgracht 123"],
    ["Send it to PO Box 1234", "PO Box 1234"],
    ["Postcode SW1A 1AA", "SW1A 1AA"],
    ["Austin TX 78701", "TX 78701"],
  ])("finds the address in %j", (text, address) => {
    expect(found(text)).toContain(address);
  });

  it.each([
    "I want 3 bags of the house blend",
    "2 large coffees per week please",
    "Are you open 9-5 Mon to Sat?",
    "What's the price of 2 way valves?",
    "Is the PS5 1TB bundle in stock?",
    "I drink 3 cups a day",
    "Can I order 2 of the dark roast for $29?",
    "Spring 2024 collection, size 10",
    "We're a team of 12 on the 5th floor",
  ])("finds nothing in %j", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("redacts the street as [ADDRESS_n] and keeps the rest of the message", () => {
    expect(anonymise("Ship 2 bags to 221B Baker Street please").text).toBe("Ship 2 bags to [ADDRESS_1] please");
  });
});
