import { describe, expect, it } from "vitest";
import { fillSavedReply, firstNameOf, usesFirstName } from "./fill-saved-reply";

describe("firstNameOf", () => {
  it("takes the first word of a display name", () => {
    expect(firstNameOf("Jamie Rivera")).toBe("Jamie");
    expect(firstNameOf("  Zoë   van Dijk ")).toBe("Zoë");
    expect(firstNameOf("José, from Lisbon")).toBe("José");
  });
  it("knows no name for empty values, handles and words without letters", () => {
    for (const v of [null, undefined, "", "   ", "@jamie_r", "12345", "🙂"]) expect(firstNameOf(v)).toBeNull();
  });
});

describe("fillSavedReply", () => {
  it("fills every {{first_name}}, whatever its case and spacing", () => {
    expect(fillSavedReply("Hi {{first_name}}! Thanks, {{ First_Name }}.", "Jamie Rivera")).toBe("Hi Jamie! Thanks, Jamie.");
  });

  it("keeps a name with $ patterns as typed", () => {
    expect(fillSavedReply("Hi {{first_name}}", "Jo$&n Smith")).toBe("Hi Jo$&n");
  });

  it("removes the placeholder cleanly when the name is unknown", () => {
    const cases: Array<[string, string]> = [
      ["Hi {{first_name}}, thanks for asking.", "Hi, thanks for asking."],
      ["Hello {{first_name}}!", "Hello!"],
      ["Thanks, {{first_name}}.", "Thanks."],
      ["Thanks, {{first_name}}", "Thanks"],
      ["{{first_name}}, welcome back!", "Welcome back!"],
      ["Hi there.\n{{first_name}}, our prices are below.", "Hi there.\nOur prices are below."],
      ["{{first_name}}", ""],
      ["Our Pro plan is $29.", "Our Pro plan is $29."],
    ];
    for (const [body, expected] of cases) expect(fillSavedReply(body, null)).toBe(expected);
  });

  it("leaves other placeholders for the agent to see", () => {
    expect(fillSavedReply("Hi {{first_name}}, your order {{order}} ships today.", "")).toBe("Hi, your order {{order}} ships today.");
    expect(fillSavedReply("Hi {{first_name}}, your order {{order}} ships today.", "Ana")).toBe("Hi Ana, your order {{order}} ships today.");
  });

  it("tells which replies greet by name", () => {
    expect(usesFirstName("Hi {{ first_name }}")).toBe(true);
    expect(usesFirstName("Hi there")).toBe(false);
  });
});
