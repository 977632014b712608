import { accountRouter } from "./routers/account";
import { auditRouter } from "./routers/audit";
import { invitationsRouter } from "./routers/invitations";
import { knowledgeRouter } from "./routers/knowledge";
import { membersRouter } from "./routers/members";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  workspace: workspaceRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  knowledge: knowledgeRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
