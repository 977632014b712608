import { describe, expect, it } from "vitest";
import { fieldMappingInput, parseMapping } from "./field-mapping";

describe("field mapping input", () => {
  it("accepts Leadline fields mapped to distinct CRM properties, trimmed", () => {
    expect(fieldMappingInput.parse({ name: " firstname ", email: "email", score: "leadline_score__c" })).toEqual({ name: "firstname", email: "email", score: "leadline_score__c" });
  });

  it("refuses an unknown Leadline field by name", () => {
    const result = fieldMappingInput.safeParse({ name: "firstname", shoeSize: "shoe" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["shoeSize", '"shoeSize" is not a Leadline field']]);
  });

  it("refuses two fields filling one property (case-insensitively) and empty properties", () => {
    expect(fieldMappingInput.safeParse({ name: "Email", email: "email" }).error?.issues[0]?.message).toBe('name and email both fill "email"');
    expect(fieldMappingInput.safeParse({ name: "  " }).success).toBe(false);
    expect(fieldMappingInput.safeParse({ name: "x".repeat(201) }).success).toBe(false);
    expect(fieldMappingInput.safeParse({ name: 42 }).success).toBe(false);
  });

  it("accepts an empty mapping (nothing sent but the key)", () => {
    expect(fieldMappingInput.parse({})).toEqual({});
  });
});

describe("stored mapping", () => {
  it("keeps Leadline fields with string properties and drops anything else", () => {
    expect(parseMapping({ name: "firstname", bogus: "x", email: 3, phone: "" })).toEqual({ name: "firstname" });
    expect(parseMapping(null)).toEqual({});
    expect(parseMapping(["name"])).toEqual({});
    expect(parseMapping("name")).toEqual({});
  });
});
