import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const EVAL_SCRIPT = new URL("./eval.ts", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "scorer-eval-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runEval(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", EVAL_SCRIPT, ...args], { encoding: "utf8", timeout: 60_000 });
}

describe("eval:scorer CLI", () => {
  it("reports bad lines by number, skips them, and lists misses hot<->cold first", () => {
    const file = join(dir, "sample.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ id: "a", tier: "hot", intent: "sales", confidence: 0.8, text: "can I pick up 2 bags this afternoon?" }),
        "{not json",
        JSON.stringify({ id: "b", tier: "lukewarm", intent: "sales", text: "price?" }),
        JSON.stringify({ id: "c", tier: "cold", intent: "other", confidence: 0.9, text: "love this ❤️" }),
        "",
        JSON.stringify({ id: "d", tier: "hot", intent: "spam", confidence: 0.9, text: "need 200 units for our cafés" }),
        JSON.stringify({ id: "e", tier: "cold", intent: "sales", confidence: 0.9, text: "do you have decaf?" }),
      ].join("\n"),
    );
    const result = runEval("--", file);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("skipped line 2: not valid JSON");
    expect(result.stdout).toMatch(/skipped line 3: tier:/);
    expect(result.stdout).toContain("(n=4)");
    expect(result.stdout).toContain("agreement 50.0% (2/4)");
    expect(result.stdout).toContain("hot<->cold 1");
    const misses = result.stdout.slice(result.stdout.indexOf("misses"));
    expect(misses.indexOf("!! d")).toBeGreaterThan(-1);
    expect(misses.indexOf("!! d")).toBeLessThan(misses.indexOf(" e "));
    expect(result.stdout).toContain("2 bad line(s) skipped");
  });

  it("exits 2 with a clear message for a missing file or an unknown option", () => {
    const missing = runEval(join(dir, "missing.jsonl"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("file not found:");
    const unknown = runEval("--verbose");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown option --verbose");
  });

  it("exits 2 when no line is valid", () => {
    const file = join(dir, "empty.jsonl");
    writeFileSync(file, "{}\n[]\n");
    const result = runEval(file);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("no valid lead lines");
  });

  it("prints every labelled set, each >= 80% agreement and never hot<->cold", () => {
    const result = runEval();
    expect(result.status).toBe(0);
    const sets = [...result.stdout.matchAll(/lead scorer on (blind|holdout|dev) set[^\n]*\n\s+agreement ([\d.]+)% \(\d+\/\d+\)\s+hot<->cold (\d+)/g)];
    expect(sets.map((m) => m[1])).toEqual(["blind", "holdout", "dev"]);
    for (const m of sets) {
      expect(Number(m[2])).toBeGreaterThanOrEqual(80);
      expect(Number(m[3])).toBe(0);
    }
  });
});
