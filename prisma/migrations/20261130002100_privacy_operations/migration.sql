-- Privacy operations: complete retention and data-subject requests (src/server/privacy/).
-- No new personal data: timestamps, a cache key (a SHA-256 hash) and CRM record ids.

-- 1. Retention marks what it redacted. Contacts lose name, handle, email, phone and profile once
--    their last message is older than the workspace's retention; replies keep an encrypted empty
--    text (the column stays NOT NULL for the send path) and lose their error.
ALTER TABLE "contacts" ADD COLUMN "redactedAt" TIMESTAMP(3);
ALTER TABLE "replies" ADD COLUMN "redactedAt" TIMESTAMP(3);
-- Retention walks replies by age per workspace.
CREATE INDEX "replies_workspaceId_createdAt_idx" ON "replies"("workspaceId", "createdAt");

-- 2. The LLM cache entry an agent run read or wrote ("llm:<agent>:<sha256>"), so erasing a
--    contact (and retention, when the cache outlives the window) can delete the cached answers
--    derived from their words.
ALTER TABLE "agent_runs" ADD COLUMN "cacheKey" TEXT;

-- 3. CRM records of erased contacts. No connector can delete upstream, so the request waits here
--    for an admin, who deletes the record in the CRM and marks it resolved.
CREATE TABLE "crm_erasure_requests" (
  "id"            TEXT NOT NULL,
  "workspaceId"   TEXT NOT NULL,
  "connectionId"  TEXT NOT NULL,
  "provider"      "CrmProvider" NOT NULL,
  "leadId"        TEXT NOT NULL,
  "externalId"    TEXT,
  "requestedById" TEXT,
  "requestedAt"   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "resolvedById"  TEXT,
  "resolvedAt"    TIMESTAMP(3),
  CONSTRAINT "crm_erasure_requests_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "crm_erasure_requests_connectionId_workspaceId_fkey" FOREIGN KEY ("connectionId", "workspaceId")
    REFERENCES "crm_connections"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "crm_erasure_requests_connectionId_leadId_key" ON "crm_erasure_requests"("connectionId", "leadId");
CREATE INDEX "crm_erasure_requests_workspaceId_resolvedAt_idx" ON "crm_erasure_requests"("workspaceId", "resolvedAt");

ALTER TABLE "crm_erasure_requests" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "crm_erasure_requests" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "crm_erasure_requests" FOR ALL
  USING ("workspaceId" = app_current_workspace()) WITH CHECK ("workspaceId" = app_current_workspace());
GRANT SELECT, INSERT, UPDATE, DELETE ON "crm_erasure_requests" TO leadline_app;
