-- Issue 11, finding 7 (database hardening): SECURITY DEFINER search paths, password hashes
-- out of the app role's reach, workspace-scoped foreign keys.

-- 1. SECURITY DEFINER functions run as the owner. With `search_path = public` PostgreSQL still
--    looks in the session's temporary schema (pg_temp) first, so a temporary table named
--    "channel_routes" created by the app role captured the trigger's write. Listing pg_temp
--    last makes every unqualified name resolve in public.
ALTER FUNCTION channels_sync_route() SET search_path = public, pg_temp;
ALTER FUNCTION workspaces_sync_directory() SET search_path = public, pg_temp;

-- 2. The app role reads every column of "users" except the password hash. Sign-in reads one
--    hash at a time, by email blind index, through this function (owner rights); no query of
--    the app role can list hashes. The app role still writes hashes (sign-up).
REVOKE SELECT ON "users" FROM leadline_app;
GRANT SELECT ("id", "emailHash", "emailEnc", "nameEnc", "createdAt", "updatedAt") ON "users" TO leadline_app;

CREATE FUNCTION user_password_hash(p_email_hash text)
  RETURNS TABLE ("id" text, "passwordHash" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT u."id", u."passwordHash" FROM public."users" u WHERE u."emailHash" = p_email_hash
$$;
REVOKE ALL ON FUNCTION user_password_hash(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION user_password_hash(text) TO leadline_app;

-- 3. Foreign keys that include the workspace: a row can no longer point at another workspace's
--    parent (a contact at another tenant's channel, a message at another tenant's conversation).
--    Fails if such rows already exist; they are cross-tenant leaks to clean up first.
CREATE UNIQUE INDEX "channels_id_workspaceId_key" ON "channels"("id", "workspaceId");
CREATE UNIQUE INDEX "contacts_id_workspaceId_key" ON "contacts"("id", "workspaceId");
CREATE UNIQUE INDEX "conversations_id_workspaceId_key" ON "conversations"("id", "workspaceId");
CREATE UNIQUE INDEX "leads_contactId_workspaceId_key" ON "leads"("contactId", "workspaceId");

ALTER TABLE "contacts" DROP CONSTRAINT "contacts_channelId_fkey";
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_channelId_fkey";
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_contactId_fkey";
ALTER TABLE "leads" DROP CONSTRAINT "leads_contactId_fkey";
ALTER TABLE "messages" DROP CONSTRAINT "messages_conversationId_fkey";
ALTER TABLE "replies" DROP CONSTRAINT "replies_conversationId_fkey";

ALTER TABLE "contacts" ADD CONSTRAINT "contacts_channelId_workspaceId_fkey" FOREIGN KEY ("channelId", "workspaceId") REFERENCES "channels"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_channelId_workspaceId_fkey" FOREIGN KEY ("channelId", "workspaceId") REFERENCES "channels"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_contactId_workspaceId_fkey" FOREIGN KEY ("contactId", "workspaceId") REFERENCES "contacts"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversationId_workspaceId_fkey" FOREIGN KEY ("conversationId", "workspaceId") REFERENCES "conversations"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "replies" ADD CONSTRAINT "replies_conversationId_workspaceId_fkey" FOREIGN KEY ("conversationId", "workspaceId") REFERENCES "conversations"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "leads" ADD CONSTRAINT "leads_contactId_workspaceId_fkey" FOREIGN KEY ("contactId", "workspaceId") REFERENCES "contacts"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE;
