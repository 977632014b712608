import { z } from "zod";

/**
 * A model chain is configured as one string, e.g.
 *   "openai:gpt-4o-mini, anthropic:claude-haiku-4-5, compat:llama3.1:8b, local"
 * Entries are tried in order; `local` (the built-in model of each agent) always ends the chain.
 */
export const MODEL_PROVIDERS = ["openai", "anthropic", "compat", "local"] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];
export type LlmProvider = Exclude<ModelProvider, "local">;

export interface ModelRef {
  provider: ModelProvider;
  model: string;
}

export const LOCAL_MODEL: ModelRef = Object.freeze({ provider: "local", model: "builtin" });

// Model ids seen in the wild: "gpt-4o-mini", "claude-haiku-4-5-20251001", "llama3.1:8b" (Ollama),
// "meta-llama/llama-3.1-8b-instruct" (OpenRouter), "qwen2.5@q4" (LM Studio).
const MODEL_ID = /^[A-Za-z0-9][\w.:/@-]*$/;

export const modelRefSchema = z.object({
  provider: z.enum(MODEL_PROVIDERS),
  model: z.string().regex(MODEL_ID, "model id may only contain letters, digits and . _ - : / @"),
});

export class ModelSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelSpecError";
  }
}

function parseEntry(entry: string, position: number): ModelRef {
  if (entry === "local") return LOCAL_MODEL;
  const colon = entry.indexOf(":");
  if (colon < 0) {
    throw new ModelSpecError(
      `model chain entry ${position} "${entry}" must be "provider:model" (providers: openai, anthropic, compat) or "local"`,
    );
  }
  // Split on the first colon only: Ollama tags ("llama3.1:8b") contain colons themselves.
  const candidate = { provider: entry.slice(0, colon).trim(), model: entry.slice(colon + 1).trim() };
  const parsed = modelRefSchema.safeParse(candidate);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ModelSpecError(`model chain entry ${position} "${entry}" is invalid (${why})`);
  }
  if (parsed.data.provider === "local") {
    throw new ModelSpecError(`model chain entry ${position} "${entry}": write the local model as plain "local"`);
  }
  return parsed.data;
}

/**
 * Parses a chain spec into ModelRefs. An empty spec means "local only". Throws ModelSpecError
 * naming the offending entry for malformed entries, duplicates, or entries after `local`
 * (which could never run). `local` is appended when missing.
 */
export function parseModelChain(spec: string): ModelRef[] {
  const trimmed = spec.trim();
  if (trimmed === "") return [LOCAL_MODEL];
  const chain: ModelRef[] = [];
  const seen = new Set<string>();
  trimmed.split(",").forEach((raw, index) => {
    const entry = raw.trim();
    const position = index + 1;
    if (entry === "") throw new ModelSpecError(`model chain entry ${position} is empty (stray comma?)`);
    if (seen.has("local:builtin")) {
      throw new ModelSpecError(`model chain entry ${position} "${entry}" comes after "local" and would never be used`);
    }
    const ref = parseEntry(entry, position);
    const key = formatModelRef(ref);
    if (seen.has(key)) throw new ModelSpecError(`model chain entry ${position} "${entry}" is a duplicate`);
    seen.add(key);
    chain.push(ref);
  });
  if (!seen.has("local:builtin")) chain.push(LOCAL_MODEL);
  return chain;
}

export function formatModelRef(ref: ModelRef): string {
  return ref.provider === "local" ? "local:builtin" : `${ref.provider}:${ref.model}`;
}

export function formatModelChain(chain: readonly ModelRef[]): string {
  return chain.map((ref) => (ref.provider === "local" ? "local" : formatModelRef(ref))).join(",");
}
