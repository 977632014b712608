import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { intentSchema } from "@/agents/intent/schema";
import { parseJsonl, type JsonlProblem } from "@/agents/training/read-jsonl";
import { PLATFORMS } from "@/agents/reply/types";
import { TIERS, type ScoreInput } from "../types";

const count = z.number().int().min(0);
const days = z.number().min(0);

/**
 * One labelled lead: what the scorer sees (text, intent and the classifier's confidence,
 * profile, history) plus the tier a salesperson gave it. `kind` and `business` only describe
 * the row. The history fields are the ones `npm run agents -- score` reads.
 */
export const devLeadSchema = z.object({
  id: z.string().min(1).max(100),
  tier: z.enum(TIERS),
  text: z.string().max(10_000),
  platform: z.enum(PLATFORMS).default("demo"),
  kind: z.enum(["dm", "comment", "mention"]).optional(),
  business: z.string().max(100).optional(),
  intent: intentSchema,
  confidence: z.number().min(0).max(1).default(1),
  followers: count.optional(),
  verified: z.boolean().optional(),
  previousMessages: count.default(0),
  daysSinceFirstContact: days.optional(),
  daysSinceLastContact: days.optional(),
  businessReplies: count.default(0),
  contactRepliesAfterBusiness: count.default(0),
});
export type DevLead = z.infer<typeof devLeadSchema>;

export const DEFAULT_DEV_SET_PATH = new URL("../../../../tests/fixtures/scorer/dev-leads.jsonl", import.meta.url);

/**
 * The labelled sets in the order `npm run eval:scorer` prints them, with how far each can be
 * trusted: the scorer's rules were written while reading the dev set's misses, so only the
 * set written last estimates unseen messages.
 */
export const LABELLED_SETS: ReadonlyArray<{ name: string; path: URL; note: string }> = [
  { name: "blind set", path: new URL("../../../../tests/fixtures/scorer/blind-leads.jsonl", import.meta.url), note: "written last; its first run was the honest estimate, later fixes saw its misses" },
  { name: "holdout set", path: new URL("../../../../tests/fixtures/scorer/holdout-leads.jsonl", import.meta.url), note: "written after the first round of changes" },
  { name: "dev set", path: DEFAULT_DEV_SET_PATH, note: "written first; the rules were tuned on its misses, so its figure is optimistic" },
];

export type DevSetLoad = { ok: true; rows: DevLead[]; problems: JsonlProblem[] } | { ok: false; error: string };

/** Reads a dev-set JSONL file; bad lines are reported by number and skipped, never thrown. */
export function loadDevSet(path: string | URL): DevSetLoad {
  const shown = typeof path === "string" ? path : path.pathname;
  if (!existsSync(path)) return { ok: false, error: `file not found: ${shown}` };
  const { rows, problems } = parseJsonl(readFileSync(path, "utf8"), devLeadSchema);
  if (rows.length === 0) return { ok: false, error: `no valid lead lines in ${shown} (${problems.length} bad)` };
  return { ok: true, rows, problems };
}

/** The row as the scorer sees it. */
export function devLeadInput(row: DevLead): ScoreInput {
  return {
    intent: row.intent,
    confidence: row.confidence,
    text: row.text,
    platform: row.platform,
    profile: { followers: row.followers, verified: row.verified },
    history: {
      previousMessages: row.previousMessages,
      daysSinceFirstContact: row.daysSinceFirstContact,
      daysSinceLastContact: row.daysSinceLastContact,
      businessReplies: row.businessReplies,
      contactRepliesAfterBusiness: row.contactRepliesAfterBusiness,
    },
  };
}
