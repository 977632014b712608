import { describe, expect, it } from "vitest";
import { numbersIn, unbackedFactClaims } from "./find-fact-claims";

const KB = "Opening hours: 8am to 6pm, Monday to Saturday. The Trail 29 bike comes with a two-year warranty. Returns within 30 days. Orders over $50 ship free.";
const none = new Set<string>();
const kinds = (reply: string, allowed = none) => unbackedFactClaims(reply, KB, allowed).map((c) => `${c.kind}:${c.value}`);

describe("unbackedFactClaims", () => {
  it("reads numbers in digits and words alike", () => {
    expect([...numbersIn("two-year warranty, 1,299.00 or 2,5 kg, 30 days")].sort()).toEqual(["1299", "2", "2.5", "30"].sort());
  });

  it("passes numbers the knowledge or the customer gave and blocks any other", () => {
    expect(kinds("The Trail 29 has a 2-year warranty and you can return it within 30 days.")).toEqual([]);
    expect(kinds("It has a 5-year warranty.")).toEqual(["number:5"]);
    expect(kinds("We're at 42 Harbour Street.")).toEqual(["number:42"]);
    expect(kinds("Your 3 bags are on the way.", new Set(["3"]))).toEqual([]);
  });

  it("blocks offers, policy absolutes and availability the knowledge does not state, in several languages", () => {
    expect(kinds("Use promo code WELCOME for a gift with your order!")).toEqual(["offer:promo code", "offer:gift"]);
    expect(kinds("Feel free to ask, we're always happy to help!")).toEqual([]);
    expect(kinds("Te regalamos una funda con la bici.")).toEqual(["offer:regalamos"]);
    expect(kinds("We always price match.")).toEqual(["policy:always"]);
    expect(kinds("Vous pouvez annuler à tout moment.")).toEqual(["policy:à tout moment"]);
    expect(kinds("The Trail 29 is in stock in size M.")).toEqual(["availability:in stock"]);
    expect(kinds("Das Trail 29 ist auf Lager.")).toEqual(["availability:auf Lager"]);
  });

  it("passes a word claim the knowledge backs", () => {
    expect(kinds("Orders over $50 ship for free.")).toEqual([]);
    expect(unbackedFactClaims("Always happy to help: returns are accepted within 30 days.", `${KB} We always answer within a day.`, none)).toEqual([]);
  });
});
