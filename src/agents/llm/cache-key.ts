import { createHash } from "node:crypto";
import { z } from "zod";
import { AGENT_NAMES } from "./agent-run-record";

export const llmCacheKeyPartsSchema = z.object({
  agent: z.enum(AGENT_NAMES),
  /** Tenant scope: part of the hash, so two workspaces never share an entry. */
  workspaceId: z.string().min(1),
  /** The (anonymised) input the prompt is built from; any JSON value. */
  input: z.unknown(),
  /** The workspace's tone guidelines, or null where the agent has none. */
  tone: z.string().nullable(),
  /** The model, or the whole chain spec when the caller does not know which model will answer. */
  model: z.string().min(1),
  /** Bump when the prompt changes so old answers stop being served. */
  promptVersion: z.string().min(1),
});

export type LlmCacheKeyParts = z.input<typeof llmCacheKeyPartsSchema>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * JSON with object keys sorted at every depth, so {a, b} and {b, a} hash alike. Otherwise plain
 * JSON.stringify semantics: undefined properties are dropped, Dates become ISO strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** "llm:<agent>:<sha256 hex of the canonical JSON of every part>". */
export function llmCacheKey(parts: LlmCacheKeyParts): string {
  const valid = llmCacheKeyPartsSchema.parse(parts);
  const digest = createHash("sha256").update(canonicalJson(valid)).digest("hex");
  return `llm:${valid.agent}:${digest}`;
}
