-- Platform updates to what we stored (src/server/channels/updates/): a customer's edit or
-- deletion of a message, and the platform's echo, delivery and read receipts of our sends.
-- Timestamps only; no new personal data (the edited text replaces "textEnc", encrypted as before).

ALTER TABLE "messages" ADD COLUMN "editedAt" TIMESTAMP(3);
ALTER TABLE "messages" ADD COLUMN "deletedAt" TIMESTAMP(3);

ALTER TABLE "replies" ADD COLUMN "confirmedAt" TIMESTAMP(3);
ALTER TABLE "replies" ADD COLUMN "deliveredAt" TIMESTAMP(3);
ALTER TABLE "replies" ADD COLUMN "readAt" TIMESTAMP(3);

-- An echo names our send by the platform's message id: found without scanning the workspace's replies.
CREATE INDEX "replies_workspaceId_platformMessageId_idx" ON "replies"("workspaceId", "platformMessageId");

-- Meta's Deauthorize Callback names only the app-scoped id of the person who removed the app.
-- Connecting stores a keyed hash of the granting person's id in the Meta channels' metadata
-- ("grantedBy"); the public callback route finds those channels across workspaces through this
-- function (owner rights; the owner already reads channels through owner_schedule, migration
-- 20261130000800). It takes the hash, never the id, and returns ids only.
CREATE FUNCTION meta_channels_granted_by(p_grant text)
  RETURNS TABLE ("workspaceId" text, "channelId" text, "platform" text, "externalId" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c."workspaceId", c."id", c."platform"::text, c."externalId" FROM public."channels" c
     WHERE c."platform" IN ('FACEBOOK', 'INSTAGRAM') AND c."status" <> 'DISCONNECTED'
       AND length(p_grant) BETWEEN 1 AND 200 AND c."metadata"->>'grantedBy' = p_grant
     LIMIT 1000
$$;
REVOKE ALL ON FUNCTION meta_channels_granted_by(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION meta_channels_granted_by(text) TO leadline_app;
