import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { routeAccessOf } from "@/server/access/route-marker";

const API_DIR = fileURLToPath(new URL(".", import.meta.url));
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Every route handler file under src/app/api, found on disk so a new route cannot be missed. */
function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [path] : [];
  });
}

const files = routeFiles(API_DIR).map((path) => relative(API_DIR, path));

describe("every route handler goes through the one actor resolver or declares itself public", () => {
  it("finds the route handlers on disk", () => {
    // Guards the walk itself: an empty list would pass everything below.
    expect(files).toEqual(expect.arrayContaining(["drafts/stream/route.ts", "realtime/route.ts", "webhooks/[platform]/route.ts"]));
  });

  it.each(files)("%s: each exported method is built by withWorkspace or withPublicRoute", async (file) => {
    const mod = (await import(/* @vite-ignore */ join(API_DIR, file))) as Record<string, unknown>;
    const methods = HTTP_METHODS.filter((m) => m in mod);
    expect(methods.length, `${file} exports no HTTP method`).toBeGreaterThan(0);
    for (const method of methods) {
      const access = routeAccessOf(mod[method]);
      expect(access, `${file} ${method} bypasses withWorkspace/withPublicRoute`).toBeDefined();
      if (access?.kind === "public") expect(access.reason.length).toBeGreaterThanOrEqual(10);
    }
  });

  it("pins which routes are public, so making one public is a reviewed change", async () => {
    const publicRoutes: string[] = [];
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ join(API_DIR, file))) as Record<string, unknown>;
      for (const method of HTTP_METHODS) if (routeAccessOf(mod[method])?.kind === "public") publicRoutes.push(`${method} ${file}`);
    }
    expect(publicRoutes.sort()).toEqual([
      "GET auth/[...nextauth]/route.ts",
      "GET health/route.ts",
      "GET trpc/[trpc]/route.ts",
      "GET webhooks/[platform]/route.ts",
      "POST auth/[...nextauth]/route.ts",
      "POST bench-baseline/route.ts",
      "POST jobs/[job]/route.ts",
      "POST trpc/[trpc]/route.ts",
      "POST webhooks/[platform]/route.ts",
      "POST webhooks/meta/deauthorize/route.ts",
    ]);
  });

  it("the marker is not forgeable by a plain property", () => {
    const plain = Object.assign(async () => new Response(), { routeAccess: { kind: "public", reason: "made up by hand" } });
    expect(routeAccessOf(plain)).toBeUndefined();
  });
});
