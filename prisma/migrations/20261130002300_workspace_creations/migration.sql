-- Issue 11, finding 8: anyone can sign up, so workspace creation is limited per account
-- (WORKSPACES_PER_ACCOUNT_PER_DAY, WORKSPACES_PER_ACCOUNT_MAX). Each creation is recorded here,
-- in the transaction that creates the workspace; a deleted workspace's row stays, so deleting
-- and re-creating does not reset the count. No foreign key to "workspaces" for that reason.
CREATE TABLE "workspace_creations" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workspace_creations_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "workspace_creations_userId_createdAt_idx" ON "workspace_creations"("userId", "createdAt");

ALTER TABLE "workspace_creations" ADD CONSTRAINT "workspace_creations_userId_fkey"
  FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security, forced like every table the app role reads. The rows belong to an account
-- rather than a tenant: the signed-in user reads their own, and records a creation only for
-- themselves and the workspace being created in that transaction (app.workspace_id). Never
-- changed or deleted by the app (the user's deletion cascades, as the owner).
ALTER TABLE "workspace_creations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "workspace_creations" FORCE ROW LEVEL SECURITY;
CREATE POLICY own_creations ON "workspace_creations" FOR SELECT
  USING ("userId" = app_current_user());
CREATE POLICY record_creation ON "workspace_creations" FOR INSERT
  WITH CHECK ("userId" = app_current_user() AND "workspaceId" = app_current_workspace());
REVOKE UPDATE, DELETE, TRUNCATE ON "workspace_creations" FROM leadline_app;
