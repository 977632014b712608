import { z } from "zod";
import { anonymise, type Anonymised } from "@/shared/privacy/anonymise";
import { PLATFORMS } from "../../src/agents/reply/types";

/** Longest text kept per line, like a stored message (longer text is cut, not refused). */
export const MAX_LINE_TEXT = 100_000;

/** Fields every command reads. `name`/`handle` are the sender's, so they are anonymised too. */
export const baseLineShape = {
  id: z.union([z.string().max(1_000), z.number()]),
  text: z.string().transform((t) => t.slice(0, MAX_LINE_TEXT)),
  name: z.string().max(200).optional(),
  handle: z.string().max(100).optional(),
  platform: z.enum(PLATFORMS).default("demo"),
};

/** Nothing personal reaches a model: the same anonymisation the pipeline applies. */
export function anonymiseLine(row: { text: string; name?: string; handle?: string }): Anonymised {
  return anonymise(row.text, { names: row.name ? [row.name] : [], handles: row.handle ? [row.handle] : [] });
}

/** Applies `fn` now when `value` is already there, later when it is a promise. */
export function andThen<A, B>(value: A | Promise<A>, fn: (a: A) => B | Promise<B>): B | Promise<B> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/** Four decimals are plenty for a probability and keep the output readable. */
export function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

