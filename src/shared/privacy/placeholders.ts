import { z } from "zod";

/**
 * The placeholder vocabulary shared by anonymisation, re-hydration and the reply guardrails.
 * A placeholder is `[KIND_n]`, numbered per kind in order of first appearance.
 */
export const PII_KINDS = [
  "NAME", "EMAIL", "PHONE", "HANDLE", "URL", "CARD", "ADDRESS", "IBAN", "DOB", "ORDER", "TRACKING",
] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** Placeholder -> the original text it replaced, e.g. `{ "[EMAIL_1]": "jane@example.com" }`. */
export type PlaceholderMap = Record<string, string>;

/** For reading a stored mapping back (cache, job payload): a read is a trust boundary. */
export const placeholderMapSchema = z.record(
  z.string().regex(new RegExp(`^\\[(?:${PII_KINDS.join("|")})_\\d+\\]$`)),
  z.string(),
);

/** Matches every placeholder; group 1 is the kind. Global: reset `lastIndex` or use `replace`. */
export const PLACEHOLDER_PATTERN = new RegExp(`\\[(${PII_KINDS.join("|")})_(\\d{1,6})\\]`, "g");

export function formatPlaceholder(kind: PiiKind, index: number): string {
  return `[${kind}_${index}]`;
}
