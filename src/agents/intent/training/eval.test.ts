import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_POOL_PATH } from "./load-training-data";

const EVAL_SCRIPT = new URL("./eval.ts", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "intent-eval-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runEval(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", EVAL_SCRIPT, ...args], { encoding: "utf8", timeout: 60_000 });
}

describe("eval CLI", () => {
  it("reports bad lines by number, skips them and scores the rest", () => {
    const file = join(dir, "sample.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ text: "how much is the large one? do you ship to Spain?", label: "sales" }),
        "{not json",
        JSON.stringify({ text: "app crashes", label: "bug" }),
        JSON.stringify({ text: "my order never arrived and nobody answers my emails", label: "support" }),
        "",
        JSON.stringify({ text: "FREE followers 🔥 visit bit.ly/freefollow now", label: "spam" }),
        JSON.stringify({ text: "love this so much 😍", label: "other" }),
      ].join("\n"),
    );
    const result = runEval("--", file);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("skipped line 2: not valid JSON");
    expect(result.stdout).toMatch(/skipped line 3: label:/);
    expect(result.stdout).toContain("(n=4)");
    expect(result.stdout).toContain("2 bad line(s) skipped");
    expect(result.stdout).toMatch(/accuracy\s+100\.0%/);
  });

  it("exits 2 with a clear message when the file is missing", () => {
    const result = runEval(join(dir, "missing.jsonl"));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("file not found:");
  });

  it("evaluates the dev set when no file is given, overall and per kind", () => {
    const result = runEval();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("on the dev set");
    for (const kind of ["public-post", "comment", "video-comment", "sms", "chat"]) expect(result.stdout).toContain(kind);
    expect(result.stdout).toMatch(/genuine flagged as spam/);
  });

  // The held-out split is cut from the training pool, which lives outside the repository: with
  // it, the figure; without it (a clone on its own), a line naming the missing pool.
  it.runIf(existsSync(DEFAULT_POOL_PATH))("also evaluates the held-out split, at macro-F1 >= 0.85", () => {
    const result = runEval();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("held-out split");
    const macro = /held-out split \(n=\d+\)\n\s+accuracy\s+[\d.]+%\s+macro-F1\s+([\d.]+)%/.exec(result.stdout);
    expect(Number(macro?.[1])).toBeGreaterThanOrEqual(85);
  });

  it.skipIf(existsSync(DEFAULT_POOL_PATH))("without the training pool, names the missing file and still reports the dev set", () => {
    const result = runEval();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(fileURLToPath(DEFAULT_POOL_PATH));
  });
});
