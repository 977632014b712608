import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Browser journeys: a real `next dev` against a fresh PostgreSQL database, driven by Chromium.
 * Run with `npx vitest run --config vitest.browser.config.ts`. Independent of vitest.config.ts.
 */
export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./src", import.meta.url)),
      // The real package throws outside React's server condition; Next still resolves it in the app.
      "server-only": fileURLToPath(new URL("./tests/setup/server-only.ts", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    include: ["tests/browser/**/*.test.ts"],
    globalSetup: ["tests/browser/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // expect.poll waits on a real server and browser: 1 s (the default) is a guess a busy machine loses.
    expect: { poll: { timeout: 30_000 } },
    pool: "forks",
    fileParallelism: false,
    reporters: ["default", "./tests/setup/summary-reporter.ts"],
  },
});
