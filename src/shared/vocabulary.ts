/**
 * The platforms, intents and lead tiers, once: as the database stores them (the Prisma enums,
 * upper case) and as the agents speak them (lower case), with the one mapping between the two.
 * `vocabulary.test.ts` pins these lists to the Prisma enums so a new value cannot drift.
 */
export const PLATFORMS = ["FACEBOOK", "INSTAGRAM", "X", "LINKEDIN", "WHATSAPP", "DEMO"] as const;
export const INTENTS = ["SALES", "SUPPORT", "SPAM", "OTHER"] as const;
export const TIERS = ["HOT", "WARM", "COLD"] as const;

export type PlatformValue = (typeof PLATFORMS)[number];
export type IntentValue = (typeof INTENTS)[number];
export type TierValue = (typeof TIERS)[number];

/** The same values as the agents speak them, in the same order (the intent model's class order). */
export const AGENT_PLATFORMS = ["facebook", "instagram", "x", "linkedin", "whatsapp", "demo"] as const;
export const AGENT_INTENTS = ["sales", "support", "spam", "other"] as const;
export const AGENT_TIERS = ["hot", "warm", "cold"] as const;

export type AgentPlatform = (typeof AGENT_PLATFORMS)[number];
export type AgentIntent = (typeof AGENT_INTENTS)[number];
export type AgentTier = (typeof AGENT_TIERS)[number];

// Compile-time proof that each agent list is the lower-cased database list.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameLists: [Same<AgentPlatform, Lowercase<PlatformValue>>, Same<AgentIntent, Lowercase<IntentValue>>, Same<AgentTier, Lowercase<TierValue>>] = [true, true, true];
void sameLists;

const lower = <T extends string>(value: T) => value.toLowerCase() as Lowercase<T>;
const upper = <T extends string>(value: T) => value.toUpperCase() as Uppercase<T>;

export const toAgentPlatform = (platform: PlatformValue): AgentPlatform => lower(platform);
export const toPlatformValue = (platform: AgentPlatform): PlatformValue => upper(platform);
export const toAgentIntent = (intent: IntentValue): AgentIntent => lower(intent);
export const toAgentTier = (tier: TierValue): AgentTier => lower(tier);
export const toIntentValue = (intent: AgentIntent): IntentValue => upper(intent);
export const toTierValue = (tier: AgentTier): TierValue => upper(tier);
