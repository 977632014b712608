import { envSchema, withDerivedDefaults } from "./schema";

export type ResolvedEnv = ReturnType<typeof withDerivedDefaults>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses and validates a set of environment variables; throws EnvError naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined>): ResolvedEnv {
  // Empty strings count as unset, so `FOO=` in a .env file never half-configures anything.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`));
  }
  return withDerivedDefaults(result.data);
}

let cached: ResolvedEnv | undefined;

/**
 * The validated process environment, parsed once. next-auth reads `process.env.NEXTAUTH_URL`
 * itself (and otherwise assumes http://localhost:3000), so the resolved value is written back
 * when it was unset: every server entry point reads the env module before next-auth runs.
 */
export function env(): ResolvedEnv {
  if (!cached) {
    cached = parseEnv(process.env);
    process.env.NEXTAUTH_URL ||= cached.NEXTAUTH_URL;
  }
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
