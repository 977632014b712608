import { describe, expect, it } from "vitest";
import { anonymise } from "./anonymise";
import { findOrderNumbers } from "./find-order-numbers";

const found = (text: string) => findOrderNumbers(text).map((s) => `${s.kind}:${s.value}`);

describe("findOrderNumbers", () => {
  it.each([
    ["Order 12345678 placed yesterday", "ORDER:12345678"],
    ["my order #A-10293 hasn't arrived", "ORDER:A-10293"],
    ["order no. 4471 is late", "ORDER:4471"],
    ["Bestellnummer 4471920", "ORDER:4471920"],
    ["pedido nº 7781", "ORDER:7781"],
    ["номер заказа 558812", "ORDER:558812"],
    ["订单号：20240511889", "ORDER:20240511889"],
    ["invoice INV-2024-0093", "ORDER:INV-2024-0093"],
    ["ref #48213 please", "ORDER:#48213"],
    ["tracking: 1Z999AA10123456784", "TRACKING:1Z999AA10123456784"],
    ["tracking number is 9400111899223197428490", "TRACKING:9400111899223197428490"],
    ["Parcel RR123456785GB never came", "TRACKING:RR123456785GB"],
    ["numéro de suivi 6A12345678901", "TRACKING:6A12345678901"],
  ])("finds the number in %j", (text, expected) => {
    expect(found(text)).toContain(expected);
  });

  it.each([
    "I want to order 3 bags",
    "can I order 250g of the house blend?",
    "we'd order 1,000 units a month",
    "we'd order 10000 units a month",
    "I'd like to order the 2024 edition",
    "Is my order ready?",
    "pedido 77 bolsas",
    "Order 2x Pro plan for $29",
    "the #1 best seller",
  ])("finds nothing in %j", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("names a number by its cue rather than its shape, and redacts it where it recurs bare", () => {
    // 11 digits look like a phone number; the cue says it is an order.
    expect(anonymise("订单号：20240511889").text).toBe("订单号：[ORDER_1]");
    expect(anonymise("Order 55812344 is late, is 55812344 lost?").text).toBe("Order [ORDER_1] is late, is [ORDER_1] lost?");
  });
});
