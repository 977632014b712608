import { describe, expect, it } from "vitest";
import { anonymiseConversation } from "./anonymise";
import { rehydrate, rehydrateReply } from "./rehydrate";

describe("anonymiseConversation", () => {
  it("gives a person or value the same placeholder in every turn", () => {
    const { text, history, mapping } = anonymiseConversation(
      "Any news on order #A-10293? Anna here, reach me at anna.p@example.com",
      ["Hi, my name is Anna Petrova, order #A-10293 is late", "Thanks Anna! We'll check.", "my email is ANNA.P@example.com"],
    );
    expect(text).toBe("Any news on order #[ORDER_1]? [NAME_1] here, reach me at [EMAIL_1]");
    expect(history).toEqual([
      "Hi, my name is [NAME_2], order #[ORDER_1] is late",
      "Thanks [NAME_1]! We'll check.",
      "my email is [EMAIL_1]",
    ]);
    expect(mapping).toEqual({ "[ORDER_1]": "A-10293", "[NAME_1]": "Anna", "[EMAIL_1]": "anna.p@example.com", "[NAME_2]": "Anna Petrova" });
  });

  it("redacts a name introduced in an earlier turn where the message only mentions it", () => {
    const { text } = anonymiseConversation("Is Kowalczyk's parcel coming today?", ["Dzień dobry, nazywam się Zofia Kowalczyk"]);
    expect(text).not.toContain("Kowalczyk");
  });

  it("redacts a handle or order number given with a cue in one turn where it recurs without one", () => {
    const { text, history } = anonymiseConversation("did coffee.lover_22 win? and is 4471920 shipped", ["my ig is coffee.lover_22", "Bestellnummer 4471920"]);
    expect(text).toBe("did [HANDLE_1] win? and is [ORDER_1] shipped");
    expect(history).toEqual(["my ig is [HANDLE_1]", "Bestellnummer [ORDER_1]"]);
  });

  it("never gives two different people or values one placeholder", () => {
    const { mapping } = anonymiseConversation("This is Sam from Northwind, my colleague Priya Raman (priya@x.com) will pay", [
      "I'm Tomasz Nowak, sam@x.com",
      "Hi, my name is Priya",
    ], { names: ["Priya Raman"] });
    const values = Object.values(mapping).map((v) => v.toLowerCase());
    expect(new Set(values).size).toBe(values.length);
    expect(Object.keys(mapping).filter((k) => k.startsWith("[NAME_")).map((k) => mapping[k])).toEqual(
      expect.arrayContaining(["Sam", "Priya Raman", "Tomasz Nowak", "Priya"]),
    );
  });

  it("numbers the message first, so its placeholders do not depend on the history loaded", () => {
    const alone = anonymiseConversation("I'm Jane Doe, call +44 20 7946 0958", []);
    const withHistory = anonymiseConversation("I'm Jane Doe, call +44 20 7946 0958", ["I'm Bob Stone, +1 202 555 0173"]);
    expect(withHistory.text).toBe(alone.text);
    expect(withHistory.history).toEqual(["I'm [NAME_2], [PHONE_2]"]);
  });

  it("re-hydrates a reply placeholder to the person it stood for across the conversation", () => {
    const { text, history, mapping } = anonymiseConversation("Thanks! Can Dr. Okafor sign for it?", ["Hi, I'm Ngozi Adeyemi"]);
    expect(text).toBe("Thanks! Can Dr. [NAME_1] sign for it?");
    expect(history).toEqual(["Hi, I'm [NAME_2]"]);
    // The model addresses the customer (introduced in the history) and mentions the doctor.
    expect(rehydrateReply("Hi [NAME_2], yes, Dr. [NAME_1] can sign.", mapping, "private")).toBe("Hi Ngozi Adeyemi, yes, Dr. Okafor can sign.");
    // A placeholder the conversation never produced is not re-hydrated to anyone.
    expect(rehydrateReply("Hi [NAME_3]!", mapping, "private")).toBe("Hi!");
    expect(rehydrate(history[0]!, mapping)).toBe("Hi, I'm Ngozi Adeyemi");
  });

  it("round-trips every turn through rehydrate", () => {
    const turns = ["my ig is coffee.lover_22", "IBAN DE89 3704 0044 0532 0130 00", "ship to 221B Baker Street, DOB 14/03/1988"];
    const message = "tracking 1Z999AA10123456784 for coffee.lover_22 please";
    const { text, history, mapping } = anonymiseConversation(message, turns);
    expect(rehydrate(text, mapping)).toBe(message);
    expect(history.map((h) => rehydrate(h, mapping))).toEqual(turns);
    for (const kind of ["HANDLE", "IBAN", "ADDRESS", "DOB", "TRACKING"]) expect(Object.keys(mapping).join()).toContain(`[${kind}_1]`);
  });

  it("keeps order numbers private-only and never echoes an address, IBAN or birth date", () => {
    const mapping = { "[ORDER_1]": "A-10293", "[ADDRESS_1]": "221B Baker Street", "[IBAN_1]": "DE89...", "[DOB_1]": "14/03/1988" };
    const reply = "Order [ORDER_1] goes to [ADDRESS_1]; refund to [IBAN_1]. Born [DOB_1].";
    expect(rehydrateReply(reply, mapping, "private")).toBe("Order A-10293 goes to your address; refund to your bank details. Born your date of birth.");
    expect(rehydrateReply(reply, mapping, "public")).toBe("Order your order goes to your address; refund to your bank details. Born your date of birth.");
  });

  it("takes empty texts and placeholder look-alikes in any turn without confusing them with its own", () => {
    expect(anonymiseConversation("", [], {})).toEqual({ text: "", history: [], mapping: {} });
    const { text, history, mapping } = anonymiseConversation("[NAME_1] is me", ["", "I typed [EMAIL_1] by mistake, it's a@b.co"]);
    expect(text).toBe("(NAME_1) is me");
    expect(history).toEqual(["", "I typed (EMAIL_1) by mistake, it's [EMAIL_1]"]);
    expect(mapping).toEqual({ "[EMAIL_1]": "a@b.co" });
  });
});
