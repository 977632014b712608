import { listNotifications, listNotificationsInput, markAllNotificationsRead, markNotificationsRead, markReadInput } from "../../notifications/list-notifications";
import { getNotificationPreferences, notificationPreferencesInput, setNotificationPreferences } from "../../notifications/notification-preferences";
import { createTRPCRouter, viewerProcedure } from "../trpc";

/**
 * The signed-in member's own notifications in the current workspace (every role has a bell; who
 * receives what is decided where notifications are created: src/server/notifications). Every
 * query and change is keyed by the member's own id, so nobody reads or marks another's.
 */
export const notificationsRouter = createTRPCRouter({
  list: viewerProcedure.input(listNotificationsInput).query(({ ctx, input }) => ctx.tenant((tx) => listNotifications(tx, ctx.workspaceId, ctx.userId, input.limit))),
  markRead: viewerProcedure.input(markReadInput).mutation(({ ctx, input }) => ctx.tenant((tx) => markNotificationsRead(tx, ctx.workspaceId, ctx.userId, input.ids))),
  markAllRead: viewerProcedure.mutation(({ ctx }) => ctx.tenant((tx) => markAllNotificationsRead(tx, ctx.workspaceId, ctx.userId))),
  preferences: viewerProcedure.query(({ ctx }) => ctx.tenant((tx) => getNotificationPreferences(tx, ctx.workspaceId, ctx.userId, ctx.role))),
  setPreferences: viewerProcedure
    .input(notificationPreferencesInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => setNotificationPreferences(tx, ctx.workspaceId, ctx.userId, input))),
});
