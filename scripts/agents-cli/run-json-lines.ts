import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { z } from "zod";

export type LineId = string | number;
export type LineOutput = Record<string, unknown>;

/** One command of the CLI: what a line must look like, and what to do with it. */
export interface LineCommand<T extends { id: LineId }> {
  schema: z.ZodType<T>;
  /** A plain value when the answer is computed synchronously (local models), else a promise. */
  run(row: T): LineOutput | Promise<LineOutput>;
}

export type RunStats = { lines: number; errors: number };

export interface RunJsonLinesOptions {
  input: Readable;
  output: Writable;
  /** Lines being answered at once (only promises count: synchronous answers never wait). */
  concurrency: number;
  /** Told about each bad line (for stderr). */
  onBadLine: (line: number, error: string) => void;
}

/** Written in chunks of about this size; also the batch size of synchronous answers. */
const FLUSH_BYTES = 64 * 1024;
/** Answers held back waiting for an earlier, slower line: bounded so memory is too. */
const WINDOW_PER_SLOT = 32;

type Slot = { text?: string; settled?: Promise<void> };

/**
 * Streams JSON Lines from `input` to `output`, one answer per non-blank line, in input order.
 * Lines are read one at a time (readline pauses the input while we are busy), synchronous
 * answers are batched into large writes, asynchronous ones run `concurrency` at a time, and
 * every write waits for `drain` when the output is full. A line that is not JSON, fails the
 * command's schema or makes the command throw becomes {"id","line","error"}; nothing here
 * throws for a bad line. Rejects only when the input stream fails (unreadable stdin).
 */
export async function runJsonLines<T extends { id: LineId }>(command: LineCommand<T>, opts: RunJsonLinesOptions): Promise<RunStats> {
  const stats: RunStats = { lines: 0, errors: 0 };
  const window: Slot[] = [];
  const pending = new Set<Promise<void>>();
  let chunk = "";

  const fail = (line: number, id: LineId | null, error: string): LineOutput => {
    stats.errors += 1;
    opts.onBadLine(line, error);
    return { id, line, error };
  };

  const flush = async () => {
    if (chunk === "") return;
    const data = chunk;
    chunk = "";
    if (!opts.output.write(data)) await once(opts.output, "drain");
  };

  const drainSettled = async () => {
    while (window[0]?.text !== undefined) {
      chunk += window.shift()!.text;
      if (chunk.length >= FLUSH_BYTES) await flush();
    }
  };

  const push = (line: number, raw: string) => {
    const parsed = parseLine(raw, command.schema);
    if (!parsed.ok) {
      window.push({ text: serialise(fail(line, parsed.id, parsed.error)) });
      return;
    }
    const id = parsed.row.id;
    let answer: LineOutput | Promise<LineOutput>;
    try {
      answer = command.run(parsed.row);
    } catch (error) {
      answer = fail(line, id, describe(error));
    }
    if (!(answer instanceof Promise)) {
      window.push({ text: serialise(answer) });
      return;
    }
    const slot: Slot = {};
    const settled = answer
      .then(serialise, (error: unknown) => serialise(fail(line, id, describe(error))))
      .then((text) => {
        slot.text = text;
        pending.delete(settled);
      });
    slot.settled = settled;
    pending.add(settled);
    window.push(slot);
  };

  const lines = createInterface({ input: opts.input, crlfDelay: Infinity });
  // readline does not forward input errors to its iterator: turn them into a rejection.
  const inputFailed = new Promise<never>((_, reject) => opts.input.once("error", reject));
  inputFailed.catch(() => undefined);

  const consume = async () => {
    let lineNo = 0;
    for await (const raw of lines) {
      lineNo += 1;
      if (raw.trim() === "") continue;
      stats.lines += 1;
      push(lineNo, raw);
      await drainSettled();
      const maxWindow = opts.concurrency * WINDOW_PER_SLOT;
      while (pending.size >= opts.concurrency || (window.length >= maxWindow && window[0]?.settled)) {
        await flush(); // what is ready goes out before we wait
        await (pending.size >= opts.concurrency ? Promise.race(pending) : window[0]!.settled);
        await drainSettled();
      }
    }
    await Promise.all(pending);
    await drainSettled();
    await flush();
  };

  try {
    await Promise.race([consume(), inputFailed]);
  } finally {
    lines.close();
  }
  return stats;
}

type Parsed<T> = { ok: true; row: T } | { ok: false; id: LineId | null; error: string };

function parseLine<T>(raw: string, schema: z.ZodType<T>): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, id: null, error: "not valid JSON" };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, row: result.data };
  const error = result.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; ");
  return { ok: false, id: readId(json), error };
}

function readId(json: unknown): LineId | null {
  const id = typeof json === "object" && json !== null ? (json as { id?: unknown }).id : undefined;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

function serialise(value: LineOutput): string {
  return `${JSON.stringify(value)}\n`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";
}
