import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "src/generated/**", "test-output/**", "next-env.d.ts", ".data/**", ".bench/**", ".tmp-*"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["warn", { allow: ["error"] }],
    },
  },
  {
    // Command-line scripts, benchmarks and tests print to the terminal on purpose.
    files: ["scripts/**", "tests/**", "prisma/**", "**/*.test.ts", "src/agents/**/training/**"],
    rules: { "no-console": "off" },
  },
]);
