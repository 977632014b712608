import { z } from "zod";

export const SAVED_REPLY_TITLE_MAX = 80;
export const SAVED_REPLY_BODY_MAX = 2_000;
/** A workspace's saved replies fit in one menu. */
export const SAVED_REPLIES_MAX = 200;

/** What is stored: lower-case letters, digits, "-" and "_", starting with a letter or digit. */
export const SHORTCUT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * A shortcut as typed ("/Pricing", " pricing ") -> as stored ("pricing"); an empty one is no
 * shortcut (null). Anything else the pattern refuses, with a message naming the rule.
 */
export const shortcutSchema = z
  .string()
  .max(40, "Shortcuts are at most 32 characters.")
  .transform((raw) => raw.trim().replace(/^\//, "").toLowerCase())
  .refine((s) => s === "" || SHORTCUT_PATTERN.test(s), "Use letters, digits, - or _ (up to 32), e.g. /pricing.")
  .transform((s) => (s === "" ? null : s));

export const savedReplyInput = z.object({
  title: z.string().trim().min(1, "Give the saved reply a title.").max(SAVED_REPLY_TITLE_MAX, `Titles are at most ${SAVED_REPLY_TITLE_MAX} characters.`),
  body: z.string().trim().min(1, "Write the reply text.").max(SAVED_REPLY_BODY_MAX, `Saved replies are limited to ${SAVED_REPLY_BODY_MAX.toLocaleString("en-US")} characters.`),
  shortcut: shortcutSchema.nullish().transform((s) => s ?? null),
});

export type SavedReplyInput = z.input<typeof savedReplyInput>;
export type SavedReplyValues = z.output<typeof savedReplyInput>;
