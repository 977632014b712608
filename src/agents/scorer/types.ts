import { z } from "zod";
import { INTENTS, type Intent } from "@/agents/intent/schema";
import { PLATFORMS, type Platform } from "@/agents/reply/types";
import { AGENT_TIERS } from "@/shared/vocabulary";

export type ScoreInput = {
  intent: Intent;
  /** The intent classifier's confidence, 0-1. */
  confidence: number;
  /** The message text, already anonymised. */
  text: string;
  platform: Platform;
  profile: { followers?: number; verified?: boolean };
  history: {
    /** Messages from this contact before the one being scored. */
    previousMessages: number;
    daysSinceFirstContact?: number;
    /** Days between the contact's previous message and now (absent on first contact). */
    daysSinceLastContact?: number;
    businessReplies: number;
    contactRepliesAfterBusiness: number;
    /** The lead's score before this message (absent: not scored yet); a buying message never goes below it. */
    previousScore?: number;
  };
};

/** For job payloads and anything else that hands a ScoreInput across a boundary. */
export const scoreInputSchema = z.object({
  intent: z.enum(INTENTS),
  confidence: z.number().min(0).max(1),
  text: z.string().max(100_000),
  platform: z.enum(PLATFORMS),
  profile: z.object({ followers: z.number().int().min(0).optional(), verified: z.boolean().optional() }),
  history: z.object({
    previousMessages: z.number().int().min(0),
    daysSinceFirstContact: z.number().min(0).optional(),
    daysSinceLastContact: z.number().min(0).optional(),
    businessReplies: z.number().int().min(0),
    contactRepliesAfterBusiness: z.number().int().min(0),
    previousScore: z.number().int().min(0).max(100).optional(),
  }),
}) satisfies z.ZodType<ScoreInput>;

export const TIERS = AGENT_TIERS;
export type Tier = (typeof TIERS)[number];

export type ScoreResult = {
  tier: Tier;
  /** 0-100, integer. */
  score: number;
  /** Human-readable, names the top signals: "Asked for pricing, urgent timeline, 12k followers". */
  reason: string;
  tags: string[];
};

/** What an LLM scorer must return (forced with structured output, validated on receipt). */
export const scoreOutputSchema = z.object({
  tier: z.enum(TIERS),
  score: z.number().int().min(0).max(100),
  reason: z.string().min(1).max(300),
  tags: z.array(z.string().min(1).max(40)).max(12),
}) satisfies z.ZodType<ScoreResult>;
