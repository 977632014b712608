import type { ScoreInput } from "../../../src/agents/scorer/types";

/** A ScoreInput with neutral defaults, for tests. */
export function lead(overrides: Partial<ScoreInput> = {}): ScoreInput {
  return {
    intent: "sales",
    confidence: 0.9,
    text: "",
    platform: "instagram",
    profile: {},
    history: { previousMessages: 0, businessReplies: 0, contactRepliesAfterBusiness: 0 },
    ...overrides,
  };
}
