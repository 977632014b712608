import { addNoteInput, deleteNoteInput, listNotesInput } from "@/shared/notes/note-input";
import { addNote, deleteNote, listNotes } from "../../notes/conversation-notes";
import { agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

/**
 * Internal notes on a conversation: everyone who sees the conversation reads them; agents and
 * admins write them; the author or an admin deletes one. Never sent, never shown to the agents.
 */
export const notesRouter = createTRPCRouter({
  list: viewerProcedure.input(listNotesInput).query(({ ctx, input }) => ctx.tenant((tx) => listNotes(tx, ctx, input.conversationId))),
  add: agentProcedure.input(addNoteInput).mutation(({ ctx, input }) => ctx.tenant((tx, outbox) => addNote(tx, outbox, ctx, input))),
  delete: agentProcedure.input(deleteNoteInput).mutation(({ ctx, input }) => ctx.tenant((tx, outbox) => deleteNote(tx, outbox, ctx, input.noteId))),
});
