import "server-only";
import { accountRouter } from "./routers/account";
import { analyticsRouter } from "./routers/analytics";
import { auditRouter } from "./routers/audit";
import { channelsRouter } from "./routers/channels";
import { crmRouter } from "./routers/crm";
import { demoRouter } from "./routers/demo";
import { inboxRouter } from "./routers/inbox";
import { leadsRouter } from "./routers/leads";
import { invitationsRouter } from "./routers/invitations";
import { knowledgeRouter } from "./routers/knowledge";
import { membersRouter } from "./routers/members";
import { notesRouter } from "./routers/notes";
import { notificationsRouter } from "./routers/notifications";
import { platformLinksRouter } from "./routers/platform-links";
import { privacyRouter } from "./routers/privacy";
import { savedRepliesRouter } from "./routers/saved-replies";
import { sessionsRouter } from "./routers/sessions";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  workspace: workspaceRouter,
  members: membersRouter,
  invitations: invitationsRouter,
  knowledge: knowledgeRouter,
  audit: auditRouter,
  inbox: inboxRouter,
  leads: leadsRouter,
  demo: demoRouter,
  channels: channelsRouter,
  crm: crmRouter,
  analytics: analyticsRouter,
  privacy: privacyRouter,
  sessions: sessionsRouter,
  notes: notesRouter,
  savedReplies: savedRepliesRouter,
  platformLinks: platformLinksRouter,
  notifications: notificationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
