-- CRM sync: one link per (lead, CRM connection), a lead version that the database bumps, and
-- connections with a status, OAuth tokens, an outcome cursor and a lease.

-- 1. Leads carry a version, bumped by a trigger whenever something a CRM shows changes (the
--    lead's own columns, or its contact's name, handle, email or phone). "Changed since the last
--    sync" is `leads.version > crm_lead_links.syncedVersion`: nothing in the pipeline writes a
--    sync flag by hand.
ALTER TABLE "leads" ADD COLUMN "version" BIGINT NOT NULL DEFAULT 1;
ALTER TABLE "leads" DROP COLUMN "crmSyncState";
ALTER TABLE "leads" DROP COLUMN "crmExternalId";
ALTER TABLE "leads" DROP COLUMN "crmSyncedAt";
ALTER TABLE "leads" DROP COLUMN "crmSyncError";
ALTER TABLE "leads" DROP COLUMN "crmSyncAttempts";
ALTER TABLE "leads" DROP COLUMN "crmNextAttemptAt";
DROP TYPE "SyncState";
CREATE UNIQUE INDEX "leads_id_workspaceId_key" ON "leads"("id", "workspaceId");
CREATE INDEX "leads_workspaceId_version_idx" ON "leads"("workspaceId", "version");

CREATE FUNCTION contacts_bump_lead_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW."displayNameEnc", NEW."handleEnc", NEW."emailEnc", NEW."phoneEnc")
     IS DISTINCT FROM (OLD."displayNameEnc", OLD."handleEnc", OLD."emailEnc", OLD."phoneEnc")
  THEN
    UPDATE "leads" SET "version" = "version" + 1 WHERE "contactId" = NEW."id" AND "workspaceId" = NEW."workspaceId";
  END IF;
  RETURN NULL;
END
$$;
-- A version raised by the statement itself (the contact trigger above) is kept; otherwise the
-- version moves only when a column the CRM shows changed.
CREATE FUNCTION leads_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."version" > OLD."version" THEN
    RETURN NEW; -- an explicit bump (the contact trigger)
  END IF;
  IF (NEW."tier", NEW."score", NEW."reason", NEW."tags", NEW."status", NEW."assigneeId", NEW."lastIntent", NEW."changedAt", NEW."outcomeAt")
     IS DISTINCT FROM
     (OLD."tier", OLD."score", OLD."reason", OLD."tags", OLD."status", OLD."assigneeId", OLD."lastIntent", OLD."changedAt", OLD."outcomeAt")
  THEN
    NEW."version" := OLD."version" + 1;
  ELSE
    NEW."version" := OLD."version";
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER leads_bump_version BEFORE UPDATE ON "leads" FOR EACH ROW EXECUTE FUNCTION leads_bump_version();
CREATE TRIGGER contacts_bump_lead_version AFTER UPDATE ON "contacts" FOR EACH ROW EXECUTE FUNCTION contacts_bump_lead_version();

-- 2. Connections: status, OAuth tokens (the shared token manager), account details, the
--    cursor outcomes are pulled from, their own interval, and a lease so that one sync per
--    connection runs at a time.
CREATE TYPE "CrmConnectionStatus" AS ENUM ('ACTIVE', 'FAILING', 'NEEDS_REAUTH');
ALTER TABLE "crm_connections" ALTER COLUMN "credentialsEnc" DROP NOT NULL;
ALTER TABLE "crm_connections" ADD COLUMN "status" "CrmConnectionStatus" NOT NULL DEFAULT 'ACTIVE';
ALTER TABLE "crm_connections" ADD COLUMN "label" TEXT NOT NULL DEFAULT '';
ALTER TABLE "crm_connections" ADD COLUMN "accessTokenEnc" TEXT;
ALTER TABLE "crm_connections" ADD COLUMN "refreshTokenEnc" TEXT;
ALTER TABLE "crm_connections" ADD COLUMN "tokenExpiresAt" TIMESTAMP(3);
ALTER TABLE "crm_connections" ADD COLUMN "metadata" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "crm_connections" ADD COLUMN "outcomeCursor" TEXT;
ALTER TABLE "crm_connections" ADD COLUMN "syncMinutes" INTEGER;
ALTER TABLE "crm_connections" ADD COLUMN "nextSyncAt" TIMESTAMP(3);
ALTER TABLE "crm_connections" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "crm_connections" ADD COLUMN "leaseUntil" TIMESTAMP(3);
ALTER TABLE "crm_connections" ADD COLUMN "lastError" TEXT;
ALTER TABLE "crm_connections" ADD COLUMN "failingSince" TIMESTAMP(3);
ALTER TABLE "crm_connections" ADD COLUMN "connectedById" TEXT;
CREATE UNIQUE INDEX "crm_connections_id_workspaceId_key" ON "crm_connections"("id", "workspaceId");
CREATE INDEX "crm_connections_status_nextSyncAt_idx" ON "crm_connections"("status", "nextSyncAt");

-- 3. A sync run says what it did.
ALTER TABLE "crm_sync_runs" ADD COLUMN "trigger" TEXT NOT NULL DEFAULT 'SCHEDULED';
ALTER TABLE "crm_sync_runs" ADD COLUMN "created" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "crm_sync_runs" ADD COLUMN "updated" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "crm_sync_runs" ADD COLUMN "dead" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "crm_sync_runs" ADD COLUMN "calls" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "crm_sync_runs" ADD COLUMN "outcomes" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "crm_sync_runs" ADD COLUMN "durationMs" INTEGER;
ALTER TABLE "crm_sync_runs" ADD CONSTRAINT "crm_sync_runs_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- 4. One link per lead and connection: the CRM's id for the record and where its sync stands.
CREATE TYPE "CrmLinkState" AS ENUM ('PENDING', 'SYNCED', 'FAILED', 'DEAD');
CREATE TABLE "crm_lead_links" (
  "id"            TEXT NOT NULL,
  "workspaceId"   TEXT NOT NULL,
  "leadId"        TEXT NOT NULL,
  "connectionId"  TEXT NOT NULL,
  "externalId"    TEXT,
  "state"         "CrmLinkState" NOT NULL DEFAULT 'PENDING',
  "attempts"      INTEGER NOT NULL DEFAULT 0,
  "nextAttemptAt" TIMESTAMP(3),
  "lastError"     TEXT,
  "syncedVersion" BIGINT NOT NULL DEFAULT 0,
  "syncedAt"      TIMESTAMP(3),
  "createdAt"     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "crm_lead_links_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "crm_lead_links_lead_fkey" FOREIGN KEY ("leadId", "workspaceId") REFERENCES "leads"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "crm_lead_links_connection_fkey" FOREIGN KEY ("connectionId", "workspaceId") REFERENCES "crm_connections"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "crm_lead_links_leadId_connectionId_key" ON "crm_lead_links"("leadId", "connectionId");
CREATE INDEX "crm_lead_links_connectionId_state_nextAttemptAt_idx" ON "crm_lead_links"("connectionId", "state", "nextAttemptAt");
CREATE INDEX "crm_lead_links_connectionId_externalId_idx" ON "crm_lead_links"("connectionId", "externalId");

ALTER TABLE "crm_lead_links" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "crm_lead_links" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "crm_lead_links" FOR ALL
  USING ("workspaceId" = app_current_workspace()) WITH CHECK ("workspaceId" = app_current_workspace());
GRANT SELECT, INSERT, UPDATE, DELETE ON "crm_lead_links" TO leadline_app;

-- 5. Scheduled work across workspaces through owner-rights functions returning ids only.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_schedule ON "crm_connections" FOR SELECT TO %I USING (true)', current_user);
END
$$;

CREATE FUNCTION crm_connections_due_for_sync(p_now timestamp(3), p_limit integer)
  RETURNS TABLE ("id" text, "workspaceId" text, "provider" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c."id", c."workspaceId", c."provider"::text FROM public."crm_connections" c
     WHERE c."enabled" AND c."status" <> 'NEEDS_REAUTH'
       AND (c."nextSyncAt" IS NULL OR c."nextSyncAt" <= p_now)
       AND (c."leaseUntil" IS NULL OR c."leaseUntil" < p_now)
     ORDER BY c."nextSyncAt" NULLS FIRST LIMIT greatest(1, least(p_limit, 5000))
$$;

CREATE FUNCTION crm_connections_due_for_token_refresh(p_expiring_before timestamp(3), p_limit integer)
  RETURNS TABLE ("id" text, "workspaceId" text, "provider" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c."id", c."workspaceId", c."provider"::text FROM public."crm_connections" c
     WHERE c."status" <> 'NEEDS_REAUTH' AND c."refreshTokenEnc" IS NOT NULL AND c."tokenExpiresAt" < p_expiring_before
     ORDER BY c."tokenExpiresAt" LIMIT greatest(1, least(p_limit, 5000))
$$;

REVOKE ALL ON FUNCTION crm_connections_due_for_sync(timestamp(3), integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION crm_connections_due_for_token_refresh(timestamp(3), integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_connections_due_for_sync(timestamp(3), integer) TO leadline_app;
GRANT EXECUTE ON FUNCTION crm_connections_due_for_token_refresh(timestamp(3), integer) TO leadline_app;
