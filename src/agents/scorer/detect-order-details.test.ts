import { describe, expect, it } from "vitest";
import { detectOrderDetails } from "./detect-order-details";

const quantity = (text: string) => detectOrderDetails(text).quantity;

describe("detectOrderDetails", () => {
  it("reads quantities of goods after an order verb or a price question", () => {
    expect(quantity("need 200 units of the house blend")).toEqual({ amount: 200, text: "200 units" });
    expect(quantity("can i get 4 dozen croissants for friday?")).toEqual({ amount: 48, text: "4 dozen croissants" });
    expect(quantity("wir möchten für unser Büro 10 kg Espressobohnen bestellen")).toEqual({ amount: 10, text: "10kg" });
    expect(quantity("Please quote for 2,000 A5 leaflets")).toEqual({ amount: 2000, text: "2,000 A5 leaflets" });
    expect(quantity("want to order 3 of the vitamin c serums")).toEqual({ amount: 3, text: "3 vitamin c serums" });
    expect(quantity("Quiero pedir dos bolsas")).toEqual({ amount: 2, text: "dos bolsas" });
    expect(quantity("I'll buy 2, one for my sister")).toEqual({ amount: 2, text: "2" });
    expect(quantity("we'd like 30 bags of compost")).toEqual({ amount: 30, text: "30 bags" });
  });

  it("does not read times, money, dates, social counts or compounds as quantities", () => {
    for (const text of [
      "I ordered 3 weeks ago", "need it by 6pm", "need a 3-tier cake", "I want 10k followers", "need it on the 14th",
      "need 50% off", "I paid $50", "need 2 days to think", "order #4471 is late", "Wow 200 likes already",
      "I drink like 4 cups a day", "the app crashes when I export 200 contacts",
    ]) {
      expect(quantity(text), text).toBeUndefined();
    }
  });

  it("tells headcounts and outlets from goods", () => {
    const catering = detectOrderDetails("Can you cater a lunch for 80 people?");
    expect(catering.headcount).toBe(80);
    expect(catering.quantity).toBeUndefined();
    expect(detectOrderDetails("table for 6 tonight")).toMatchObject({ headcount: 6, booking: true, when: "tonight" });
    expect(detectOrderDetails("wholesale pricing for 3 stores?")).toMatchObject({ locations: 3, wholesale: true });
    expect(detectOrderDetails("Half the food for our 50 guests was cold").headcount).toBeUndefined();
  });

  it("finds present and future visits, not past ones", () => {
    expect(detectOrderDetails("can I pick up 2 bags this afternoon?")).toMatchObject({ visit: "asks to pick up", when: "this afternoon" });
    expect(detectOrderDetails("coming in today around 4").visit).toBe("wants to come in");
    expect(detectOrderDetails("Can I bring my bike in tomorrow?").visit).toBe("wants to bring it in");
    expect(detectOrderDetails("Kann ich heute Nachmittag vorbeikommen?").visit).toBe("wants to come in");
    expect(detectOrderDetails("¿Puedo pasar a recoger el pedido?").visit).toBe("asks to pick up");
    for (const text of ["the cake I picked up yesterday was dry", "Never coming back.", "what sizes does this come in?", "I came by and it was shut"]) {
      expect(detectOrderDetails(text).visit, text).toBeUndefined();
    }
  });

  it("finds ready-to-buy, wholesale and non-buying cues", () => {
    expect(detectOrderDetails("I'll take the green one, how do I pay?").buyNow).toBe(true);
    expect(detectOrderDetails("ok let's go ahead, send me the invoice").buyNow).toBe(true);
    expect(detectOrderDetails("Can you send me the invoice for my last order?").buyNow).toBe(false);
    expect(detectOrderDetails("Do you take PayPal?").buyNow).toBe(true);
    expect(detectOrderDetails("can you hold one for me?").buyNow).toBe(true);
    expect(detectOrderDetails("I want this fixed today").buyNow).toBe(false);
    expect(detectOrderDetails("Fate prezzi all'ingrosso?").wholesale).toBe(true);
    expect(detectOrderDetails("Saw you're hiring, I'd like to apply").notBuying).toBe(true);
    expect(detectOrderDetails("would love to collaborate").notBuying).toBe(true);
    expect(detectOrderDetails("buy 1000 real followers, link in bio").notBuying).toBe(true);
  });

  it("labels pre-sales questions by what they ask", () => {
    expect(detectOrderDetails("do you ship to Germany?").productQuestion).toBe("asked about delivery");
    expect(detectOrderDetails("do you have decaf?").productQuestion).toBe("asked about availability");
    expect(detectOrderDetails("Do you do gift cards?").productQuestion).toBe("asked about the offer");
    expect(detectOrderDetails("Interested! DM me details").productQuestion).toBe("showed interest");
    expect(detectOrderDetails("How do I reset my password?").productQuestion).toBeUndefined();
  });

  it("reads dates in several languages, and not 'may' the verb", () => {
    expect(detectOrderDetails("getting married on June 7th").when).toBe("on June 7th");
    expect(detectOrderDetails("am 12. Dezember").when).toBe("am 12. Dezember");
    expect(detectOrderDetails("del 3 al 5 de agosto").when).toBe("5 de agosto");
    expect(detectOrderDetails("pour le 18 mai").when).toBe("18 mai");
    expect(detectOrderDetails("I may come later").when).toBeUndefined();
    expect(detectOrderDetails("Guten Morgen!").when).toBeUndefined();
  });
});
