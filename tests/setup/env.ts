// Test configuration: fixed, obviously-fake secrets (never used outside tests).
(process.env as Record<string, string | undefined>).NODE_ENV ??= "test";
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-0001";
// k3 is listed (inactive) so every test process can read values the key-rotation test re-encrypts.
process.env.ENCRYPTION_KEYS ??= ["k2", "k1", "k3"].map((k) => `${k}:${Buffer.alloc(32, Number(k[1])).toString("base64")}`).join(",");
process.env.BLIND_INDEX_KEY ??= "test-blind-index-key-test-blind-index-key";
process.env.LOG_LEVEL ??= "silent";
// Platform APIs default to an address nothing listens on: a test that does not start its own
// fake can never reach the real Graph or X API (the every-minute poll runs in any test process
// that starts the queue, and would otherwise call out with a test token).
process.env.META_GRAPH_URL ??= "http://127.0.0.1:9";
process.env.META_DIALOG_URL ??= "http://127.0.0.1:9";
process.env.X_API_URL ??= "http://127.0.0.1:9";
process.env.X_AUTHORIZE_URL ??= "http://127.0.0.1:9/i/oauth2/authorize";
// The same for the CRMs (the crm-sync fan-out and token refresh would otherwise call out with a
// test token); tests that use a CRM fake pass its URL themselves.
process.env.HUBSPOT_API_URL ??= "http://127.0.0.1:9";
process.env.HUBSPOT_AUTH_URL ??= "http://127.0.0.1:9/oauth/authorize";
process.env.SALESFORCE_LOGIN_URL ??= "http://127.0.0.1:9";
process.env.PIPEDRIVE_API_URL ??= "http://127.0.0.1:9";
process.env.PIPEDRIVE_OAUTH_URL ??= "http://127.0.0.1:9";
// Test files run in parallel processes on one database: none runs the recurring jobs (an
// every-minute poll or sweep from one file would act on another file's rows). Tests call them.
process.env.QUEUE_SCHEDULES ??= "false";
// Each test process has its own embedded queue: with one shared pg-boss schema a worker of
// another file would run this file's jobs under that file's settings (its LLM fakes, its rate
// limiter), whenever it polled first. Child processes a test starts inherit the schema.
process.env.QUEUE_SCHEMA ??= `pgboss_p${process.pid}`;
