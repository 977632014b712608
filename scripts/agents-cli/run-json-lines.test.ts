import { PassThrough, Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { runJsonLines, type LineCommand } from "./run-json-lines";

const schema = z.object({ id: z.union([z.string(), z.number()]), n: z.number() });
type Row = z.infer<typeof schema>;

function collect() {
  const chunks: string[] = [];
  const output = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      setTimeout(done, 1); // a slow reader: writes must wait for drain
    },
  });
  return { output, lines: () => chunks.join("").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const input = (rows: string[]) => Readable.from([rows.join("\n")]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("runJsonLines", () => {
  it("answers in input order while later lines finish first, never more than `concurrency` at once", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const command: LineCommand<Row> = {
      schema,
      run: async (row) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep((50 - row.n) % 7); // scrambled completion order
        inFlight -= 1;
        return { id: row.id, double: row.n * 2 };
      },
    };
    const out = collect();
    const rows = Array.from({ length: 50 }, (_, n) => JSON.stringify({ id: `r${n}`, n }));
    const stats = await runJsonLines(command, { input: input(rows), output: out.output, concurrency: 4, onBadLine: () => undefined });
    expect(stats).toEqual({ lines: 50, errors: 0 });
    expect(out.lines().map((l) => l.id)).toEqual(rows.map((_, n) => `r${n}`));
    expect(out.lines()[7]).toEqual({ id: "r7", double: 14 });
    expect(maxInFlight).toBeLessThanOrEqual(4);
    expect(maxInFlight).toBeGreaterThan(1);
  });

  it("mixes synchronous answers, bad lines and thrown errors without stopping; blank lines are skipped but counted", async () => {
    const bad: Array<[number, string]> = [];
    const command: LineCommand<Row> = {
      schema,
      run: (row) => {
        if (row.n === 3) throw new Error("boom");
        if (row.n === 4) return Promise.reject(new Error("async boom"));
        return { id: row.id, n: row.n };
      },
    };
    const out = collect();
    const rows = ['{"id":1,"n":1}', "{oops", "", '{"id":"x"}', '{"n":2}', '{"id":3,"n":3}', '{"id":4,"n":4}', '{"id":5,"n":5}'];
    const stats = await runJsonLines(command, { input: input(rows), output: out.output, concurrency: 2, onBadLine: (line, error) => bad.push([line, error]) });
    expect(stats).toEqual({ lines: 7, errors: 5 });
    expect(out.lines()).toEqual([
      { id: 1, n: 1 },
      { id: null, line: 2, error: "not valid JSON" },
      { id: "x", line: 4, error: expect.stringMatching(/^n: /) as unknown },
      { id: null, line: 5, error: expect.stringMatching(/^id: /) as unknown },
      { id: 3, line: 6, error: "Error: boom" },
      { id: 4, line: 7, error: "Error: async boom" },
      { id: 5, n: 5 },
    ]);
    expect(bad.map(([line]) => line)).toEqual([2, 4, 5, 6, 7]);
  });

  it("rejects when the input stream fails", async () => {
    const broken = new PassThrough();
    const command: LineCommand<Row> = { schema, run: (row) => ({ id: row.id }) };
    const run = runJsonLines(command, { input: broken, output: collect().output, concurrency: 1, onBadLine: () => undefined });
    broken.write('{"id":1,"n":1}\n');
    broken.destroy(new Error("EIO: i/o error"));
    await expect(run).rejects.toThrow(/EIO/);
  });
});
