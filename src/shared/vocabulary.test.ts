import { describe, expect, expectTypeOf, it } from "vitest";
import { Intent, LeadTier, Platform } from "@/generated/prisma/enums";
import { AGENT_INTENTS, AGENT_PLATFORMS, AGENT_TIERS, INTENTS, PLATFORMS, TIERS, toAgentIntent, toAgentPlatform, toIntentValue, toTierValue, type IntentValue, type PlatformValue, type TierValue } from "./vocabulary";

describe("the shared vocabulary", () => {
  it("lists exactly the values of the Prisma enums", () => {
    expect([...PLATFORMS].sort()).toEqual(Object.values(Platform).sort());
    expect([...INTENTS].sort()).toEqual(Object.values(Intent).sort());
    expect([...TIERS].sort()).toEqual(Object.values(LeadTier).sort());
    expectTypeOf<PlatformValue>().toEqualTypeOf<Platform>();
    expectTypeOf<IntentValue>().toEqualTypeOf<Intent>();
    expectTypeOf<TierValue>().toEqualTypeOf<LeadTier>();
  });

  it("maps database values to agent values and back", () => {
    expect([...AGENT_PLATFORMS]).toEqual(PLATFORMS.map((p) => p.toLowerCase()));
    expect([...AGENT_INTENTS]).toEqual(INTENTS.map((i) => i.toLowerCase()));
    expect([...AGENT_TIERS]).toEqual(TIERS.map((t) => t.toLowerCase()));
    expect(AGENT_INTENTS).toEqual(["sales", "support", "spam", "other"]);
    expect(AGENT_TIERS).toEqual(["hot", "warm", "cold"]);
    expect(toAgentPlatform("X")).toBe("x");
    expect(toAgentIntent("SUPPORT")).toBe("support");
    for (const intent of AGENT_INTENTS) expect(toAgentIntent(toIntentValue(intent))).toBe(intent);
    expect(toTierValue("warm")).toBe("WARM");
  });
});
