import { cache } from "../../infra/runtime/ports";
import { listOpenCrmErasures, resolveCrmErasure, resolveCrmErasureInput } from "../../privacy/crm-erasure-requests";
import { eraseContact } from "../../privacy/erase-contact";
import { exportContact } from "../../privacy/export-contact";
import { contactRequestInput } from "../../privacy/load-contact-scope";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** Data-subject requests: admins only (personal data in clear, irreversible deletes). */
export const privacyRouter = createTRPCRouter({
  /** Everything held about one contact, decrypted (a mutation: it is audited, and never cached or prefetched). */
  exportContact: adminProcedure.input(contactRequestInput).mutation(({ ctx, input }) => ctx.tenant((tx) => exportContact(tx, ctx.workspaceId, ctx.userId, input.contactId))),
  eraseContact: adminProcedure
    .input(contactRequestInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx, outbox) => eraseContact(tx, outbox, { cache: cache() }, { workspaceId: ctx.workspaceId, userId: ctx.userId }, input.contactId))),
  crmErasures: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => listOpenCrmErasures(tx, ctx.workspaceId))),
  resolveCrmErasure: adminProcedure.input(resolveCrmErasureInput).mutation(({ ctx, input }) => ctx.tenant((tx) => resolveCrmErasure(tx, ctx.workspaceId, ctx.userId, input))),
});
