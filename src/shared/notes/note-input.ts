import { z } from "zod";

/** A note is a few lines for colleagues, not a document. */
export const NOTE_MAX_CHARS = 2_000;

const id = z.string().trim().min(1).max(100);

/** The text of an internal note: trimmed, not empty, at most `NOTE_MAX_CHARS`. Shared by the composer and the server. */
export const noteTextSchema = z
  .string()
  .trim()
  .min(1, "Write the note first.")
  .max(NOTE_MAX_CHARS, `Notes are limited to ${NOTE_MAX_CHARS.toLocaleString("en-US")} characters.`);

export const addNoteInput = z.object({ conversationId: id, text: noteTextSchema });
export const listNotesInput = z.object({ conversationId: id });
export const deleteNoteInput = z.object({ noteId: id });

export type AddNoteInput = z.infer<typeof addNoteInput>;
