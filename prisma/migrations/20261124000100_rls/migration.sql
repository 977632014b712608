-- Tenant isolation by row-level security (DESIGN.md section 5).
--
-- The application connects as "leadline_app": a role that owns nothing and cannot bypass RLS.
-- Migrations run as the owner. Production operators give the role a password:
--   ALTER ROLE leadline_app PASSWORD '...';
-- Every request sets the tenant for its transaction with
--   SELECT set_config('app.workspace_id', '<id>', true)
-- (and 'app.user_id' for the signed-in user); policies read those settings.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leadline_app') THEN
    CREATE ROLE leadline_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;

CREATE FUNCTION app_current_workspace() RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.workspace_id', true), '') $$;
CREATE FUNCTION app_current_user() RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.user_id', true), '') $$;

GRANT USAGE ON SCHEMA public TO leadline_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO leadline_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO leadline_app;
DO $$
BEGIN
  IF to_regclass('"_prisma_migrations"') IS NOT NULL THEN
    REVOKE ALL ON "_prisma_migrations" FROM leadline_app;
  END IF;
END
$$;

-- Tables keyed by "workspaceId": one policy, read and write.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'invitations', 'channels', 'contacts', 'conversations', 'messages', 'replies', 'leads',
    'agent_runs', 'knowledge_articles', 'crm_connections', 'crm_sync_runs', 'usage_records',
    'scorer_models', 'memberships', 'audit_logs'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
  END LOOP;

  FOREACH t IN ARRAY ARRAY[
    'invitations', 'channels', 'contacts', 'conversations', 'messages', 'replies', 'leads',
    'agent_runs', 'knowledge_articles', 'crm_connections', 'crm_sync_runs', 'usage_records',
    'scorer_models', 'memberships'
  ] LOOP
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I FOR ALL USING ("workspaceId" = app_current_workspace()) WITH CHECK ("workspaceId" = app_current_workspace())',
      t);
  END LOOP;
END
$$;

-- A signed-in user may list their own memberships across workspaces (workspace switcher).
CREATE POLICY own_memberships ON "memberships" FOR SELECT USING ("userId" = app_current_user());

-- Workspaces: the current one, plus read access to those the user belongs to.
ALTER TABLE "workspaces" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "workspaces" FORCE ROW LEVEL SECURITY;
CREATE POLICY current_workspace ON "workspaces" FOR ALL
  USING ("id" = app_current_workspace()) WITH CHECK ("id" = app_current_workspace());
CREATE POLICY member_workspaces ON "workspaces" FOR SELECT
  USING ("id" IN (SELECT "workspaceId" FROM "memberships" WHERE "userId" = app_current_user()));

-- Audit log: append-only. The app may read and insert in its tenant, never change or delete.
CREATE POLICY tenant_read ON "audit_logs" FOR SELECT USING ("workspaceId" = app_current_workspace());
CREATE POLICY tenant_append ON "audit_logs" FOR INSERT WITH CHECK ("workspaceId" = app_current_workspace());
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_logs" FROM leadline_app;
CREATE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only';
END
$$;
CREATE TRIGGER audit_logs_no_update BEFORE UPDATE OR DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();

-- Channel routes: global, no PII, maintained from "channels" so a webhook can find its tenant.
-- The app may read routes; only the trigger (running as the table owner) writes them.
REVOKE INSERT, UPDATE, DELETE ON "channel_routes" FROM leadline_app;
CREATE FUNCTION channels_sync_route() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM "channel_routes" WHERE "channelId" = OLD."id";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "channel_routes" ("platform", "externalId", "channelId", "workspaceId")
      VALUES (NEW."platform", NEW."externalId", NEW."id", NEW."workspaceId");
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION channels_sync_route() FROM PUBLIC;
CREATE TRIGGER channels_route AFTER INSERT OR UPDATE OF "platform", "externalId", "workspaceId" OR DELETE
  ON "channels" FOR EACH ROW EXECUTE FUNCTION channels_sync_route();

-- Workspace directory: global list of ids for scheduled fan-out, written only by this trigger.
REVOKE INSERT, UPDATE, DELETE ON "workspace_directory" FROM leadline_app;
CREATE FUNCTION workspaces_sync_directory() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = public AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM "workspace_directory" WHERE "workspaceId" = OLD."id";
  ELSE
    INSERT INTO "workspace_directory" ("workspaceId") VALUES (NEW."id") ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION workspaces_sync_directory() FROM PUBLIC;
CREATE TRIGGER workspaces_directory AFTER INSERT OR DELETE ON "workspaces"
  FOR EACH ROW EXECUTE FUNCTION workspaces_sync_directory();
