import { z } from "zod";

const optionalUrl = z.url().optional();
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** Every environment variable Leadline reads. The README's configuration table mirrors this. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    APP_URL: z.url().default("http://localhost:3000"),

    // Database: unset means the embedded PGlite started by `npm run dev`.
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// connection string"),
    MIGRATE_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//).optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),

    // Sessions and encryption.
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    // next-auth's own URL (redirects, callback URLs, which session cookie name it reads). Unset:
    // APP_URL (applied below and copied into process.env, where next-auth reads it), so
    // `next start` never falls back to next-auth's http://localhost:3000.
    NEXTAUTH_URL: optionalUrl,
    ENCRYPTION_KEYS: z
      .string()
      .regex(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+)*$/, "must be kid:base64key[,kid:base64key...]"),
    ENCRYPTION_ACTIVE_KEY_ID: z.string().optional(),
    BLIND_INDEX_KEY: z.string().min(32, "must be at least 32 characters"),

    // Optional OpenID Connect sign-in (Keycloak / Auth0 style): all three or none.
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_DISPLAY_NAME: z.string().default("Single sign-on"),

    // Outbound mail (account confirmations). SMTP_URL like smtp://user:pass@host:587 (STARTTLS
    // when offered) or smtps://...:465; MAIL_FROM the sender ("Leadline <no-reply@example.com>").
    // Unset SMTP_URL: mails are kept in the local outbox (the `mail_outbox` table) and, outside
    // production, their links are shown on screen and logged, since there is no mail server.
    SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL").optional(),
    MAIL_FROM: z.string().trim().max(200).regex(/^[^\r\n]*@[^\r\n]*$/, "must be an address, optionally with a name: Leadline <no-reply@example.com>").optional(),
    SMTP_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(10_000),

    // Upstash Redis (cache, rate limits, realtime). Unset: in-process implementations.
    UPSTASH_REDIS_REST_URL: optionalUrl,
    UPSTASH_REDIS_REST_TOKEN: z.string().optional(),

    // QStash (queue + schedules). Unset: the embedded Postgres-backed queue (pg-boss).
    QSTASH_URL: z.url().default("https://qstash.upstash.io"),
    QSTASH_TOKEN: z.string().optional(),
    QSTASH_CURRENT_SIGNING_KEY: z.string().optional(),
    QSTASH_NEXT_SIGNING_KEY: z.string().optional(),
    QUEUE_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
    /** The embedded queue's PostgreSQL schema: processes sharing it share the jobs. */
    QUEUE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,49}$/, "lower-case letters, digits and _").default("pgboss"),
    // The embedded queue runs the recurring jobs (poll, token refresh, outbox sweep, retention)
    // in this process. Off in the test suite, whose processes share one database and must not
    // run each other's schedules; tests call those jobs directly.
    QUEUE_SCHEDULES: bool.default(true),

    // AI models per agent: "provider:model" lists, first is primary, `local` always last.
    INTENT_MODELS: z.string().default("local"),
    REPLY_MODELS: z.string().default("local"),
    SCORER_MODELS: z.string().default("local"),
    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: optionalUrl,
    ANTHROPIC_API_KEY: z.string().optional(),
    ANTHROPIC_BASE_URL: optionalUrl,
    OPENAI_COMPAT_BASE_URL: optionalUrl,
    OPENAI_COMPAT_API_KEY: z.string().optional(),
    LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    LLM_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).default(86_400),

    // Meta (Facebook Pages + Instagram). Without META_APP_SECRET the Meta webhooks answer 404.
    META_APP_SECRET: z.string().min(16).optional(),
    META_VERIFY_TOKEN: z.string().min(8).optional(),
    META_GRAPH_URL: z.url().default("https://graph.facebook.com"),
    META_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, "must look like v26.0").default("v26.0"),
    // Connecting Pages (Facebook Login for Business): without META_APP_ID Meta cannot be connected.
    // META_LOGIN_CONFIG_ID is the Login for Business configuration ("User access token" type);
    // unset, the dialog asks for the permissions by `scope`. The dialog URL points at the fake in tests.
    META_APP_ID: z.string().regex(/^\d+$/, "must be the numeric app id").optional(),
    META_LOGIN_CONFIG_ID: z.string().regex(/^\d+$/, "must be the numeric configuration id").optional(),
    META_DIALOG_URL: z.url().default("https://www.facebook.com"),

    // X (OAuth 2.0 with PKCE + polling). Unset X_CLIENT_ID: X cannot be connected. A secret
    // makes it a confidential client (token calls use HTTP Basic). URLs point at the fake in tests.
    X_CLIENT_ID: z.string().optional(),
    X_CLIENT_SECRET: z.string().optional(),
    X_API_URL: z.url().default("https://api.x.com"),
    X_AUTHORIZE_URL: z.url().default("https://x.com/i/oauth2/authorize"),

    // HubSpot CRM (OAuth public app; docs/crm/hubspot.md). Unset HUBSPOT_CLIENT_ID/SECRET: HubSpot
    // cannot be connected. HUBSPOT_API_VERSION is a date version (2026-03) or v3 (legacy paths).
    HUBSPOT_CLIENT_ID: z.string().optional(),
    HUBSPOT_CLIENT_SECRET: z.string().optional(),
    HUBSPOT_API_URL: z.url().default("https://api.hubapi.com"),
    HUBSPOT_AUTH_URL: z.url().default("https://app.hubspot.com/oauth/authorize"),
    HUBSPOT_API_VERSION: z.string().regex(/^(v3|\d{4}-\d{2})$/, "must be a date version like 2026-03, or v3").default("2026-03"),

    // Salesforce CRM (OAuth web-server flow with PKCE through an External Client App). Unset
    // SALESFORCE_CLIENT_ID / SALESFORCE_CLIENT_SECRET: Salesforce cannot be connected. API calls go
    // to each connection's instance_url; only OAuth uses SALESFORCE_LOGIN_URL (test.salesforce.com
    // for sandboxes, a local fake in tests). docs/crm/salesforce.md.
    SALESFORCE_CLIENT_ID: z.string().optional(),
    SALESFORCE_CLIENT_SECRET: z.string().optional(),
    SALESFORCE_LOGIN_URL: z.url().default("https://login.salesforce.com"),
    SALESFORCE_API_VERSION: z.string().regex(/^v\d+\.\d$/, "must look like v67.0").default("v67.0"),

    // Pipedrive CRM (docs/crm/pipedrive.md): a personal API token always works; OAuth needs a
    // Marketplace/private app (PIPEDRIVE_CLIENT_ID + _SECRET, both or none). OAuth connections call
    // their own api_domain; API-token ones PIPEDRIVE_API_URL. URLs point at the fake in tests.
    PIPEDRIVE_CLIENT_ID: z.string().optional(),
    PIPEDRIVE_CLIENT_SECRET: z.string().optional(),
    PIPEDRIVE_API_URL: z.url().default("https://api.pipedrive.com"),
    PIPEDRIVE_OAUTH_URL: z.url().default("https://oauth.pipedrive.com"),
    PIPEDRIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),

    // Operator cost limits (issue 11, finding 8). Workspaces one account may create in any 24
    // hours and in total (deleted ones still count), and the monthly AI budget in USD a new
    // workspace starts with (0 = local models only; admins change it in Settings -> General;
    // existing workspaces keep theirs).
    WORKSPACES_PER_ACCOUNT_PER_DAY: z.coerce.number().int().min(1).max(1_000).default(5),
    WORKSPACES_PER_ACCOUNT_MAX: z.coerce.number().int().min(1).max(100_000).default(25),
    NEW_WORKSPACE_AI_BUDGET_USD: z.coerce.number().min(0).max(1_000_000).default(20),

    // Demo channel and seed.
    DEMO_SEED: bool.default(true),
    SECURE_COOKIES: bool.optional(),
    // How the client address is found (src/server/auth/client-ip.ts): the number of reverse
    // proxies in front of the app whose X-Forwarded-For entries are trusted, or `vercel`.
    TRUST_PROXY: z.union([z.literal("vercel"), z.coerce.number().int().min(0).max(10)]).default(0),
  })
  .superRefine((env, ctx) => {
    const groups: Array<[string, Array<keyof typeof env>]> = [
      ["OpenID Connect", ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"]],
      ["Upstash Redis", ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"]],
      ["QStash", ["QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY"]],
      ["Pipedrive OAuth", ["PIPEDRIVE_CLIENT_ID", "PIPEDRIVE_CLIENT_SECRET"]],
      ["HubSpot OAuth", ["HUBSPOT_CLIENT_ID", "HUBSPOT_CLIENT_SECRET"]],
      ["Salesforce OAuth", ["SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_SECRET"]],
    ];
    if (env.SMTP_URL && !env.MAIL_FROM) {
      ctx.addIssue({ code: "custom", path: ["MAIL_FROM"], message: "required because SMTP_URL is set (the sender address of account mails)" });
    }
    // A partial configuration is a start-up error, not a silent fallback (docs/architecture.md#ports).
    for (const [name, keys] of groups) {
      const set = keys.filter((k) => env[k] !== undefined && env[k] !== "");
      if (set.length > 0 && set.length < keys.length) {
        for (const missing of keys.filter((k) => !set.includes(k))) {
          ctx.addIssue({ code: "custom", path: [missing], message: `required because ${set.join(", ")} is set (${name} needs all of ${keys.join(", ")})` });
        }
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

/** The validated environment with the defaults that depend on other variables applied. */
export function withDerivedDefaults(parsed: Env): Env & { NEXTAUTH_URL: string } {
  return { ...parsed, NEXTAUTH_URL: parsed.NEXTAUTH_URL ?? parsed.APP_URL };
}
