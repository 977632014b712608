-- Notifications (issue 13, point 5; src/server/notifications): in-app notifications per member,
-- their preferences and the daily email digest's per-day claims. Ids and short labels only: no
-- message text and no contact data, so retention has nothing to remove here. A removed member's
-- rows go with the membership (composite foreign keys on (workspaceId, userId)).
CREATE TYPE "NotificationKind" AS ENUM ('HOT_LEAD', 'DRAFTS_WAITING', 'CHANNEL_REAUTH', 'SEND_FAILED');

CREATE TABLE "notifications" (
  "id"             TEXT NOT NULL,
  "workspaceId"    TEXT NOT NULL,
  "userId"         TEXT NOT NULL,
  "kind"           "NotificationKind" NOT NULL,
  "dedupKey"       TEXT NOT NULL,
  "conversationId" TEXT,
  "leadId"         TEXT,
  "channelId"      TEXT,
  "data"           JSONB NOT NULL DEFAULT '{}',
  "readAt"         TIMESTAMP(3),
  "digestedAt"     TIMESTAMP(3),
  "createdAt"      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "notifications_member_fkey" FOREIGN KEY ("workspaceId", "userId")
    REFERENCES "memberships"("workspaceId", "userId") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "notifications_conversationId_workspaceId_fkey" FOREIGN KEY ("conversationId", "workspaceId")
    REFERENCES "conversations"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "notifications_leadId_workspaceId_fkey" FOREIGN KEY ("leadId", "workspaceId")
    REFERENCES "leads"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "notifications_channelId_workspaceId_fkey" FOREIGN KEY ("channelId", "workspaceId")
    REFERENCES "channels"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "notifications_workspaceId_userId_dedupKey_key" ON "notifications"("workspaceId", "userId", "dedupKey");
CREATE INDEX "notifications_workspaceId_userId_createdAt_idx" ON "notifications"("workspaceId", "userId", "createdAt");
-- The bell's unread count and the digest's pending rows.
CREATE INDEX "notifications_unread_idx" ON "notifications"("workspaceId", "userId") WHERE "readAt" IS NULL;

CREATE TABLE "notification_preferences" (
  "workspaceId" TEXT NOT NULL,
  "userId"      TEXT NOT NULL,
  "mutedKinds"  "NotificationKind"[] NOT NULL DEFAULT ARRAY[]::"NotificationKind"[],
  "browser"     BOOLEAN NOT NULL DEFAULT false,
  "emailDigest" BOOLEAN,
  "updatedAt"   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("workspaceId", "userId"),
  CONSTRAINT "notification_preferences_member_fkey" FOREIGN KEY ("workspaceId", "userId")
    REFERENCES "memberships"("workspaceId", "userId") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "notification_digests" (
  "workspaceId"   TEXT NOT NULL,
  "userId"        TEXT NOT NULL,
  "day"           TEXT NOT NULL,
  "state"         TEXT NOT NULL,
  "notifications" INTEGER NOT NULL DEFAULT 0,
  "attempts"      INTEGER NOT NULL DEFAULT 0,
  "updatedAt"     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "notification_digests_pkey" PRIMARY KEY ("workspaceId", "userId", "day"),
  CONSTRAINT "notification_digests_state_check" CHECK ("state" IN ('SENDING', 'SENT', 'FAILED', 'SKIPPED')),
  CONSTRAINT "notification_digests_member_fkey" FOREIGN KEY ("workspaceId", "userId")
    REFERENCES "memberships"("workspaceId", "userId") ON DELETE CASCADE ON UPDATE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['notifications', 'notification_preferences', 'notification_digests'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I FOR ALL USING ("workspaceId" = app_current_workspace()) WITH CHECK ("workspaceId" = app_current_workspace())',
      t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO leadline_app', t);
  END LOOP;
END
$$;
