-- A lead's score over time: one row per scoring the pipeline writes to the lead (persist-outcomes),
-- shown on the lead page. Labels, a score and the scorer's reason; no contact data.
CREATE TABLE "lead_score_history" (
  "id"            TEXT NOT NULL,
  "workspaceId"   TEXT NOT NULL,
  "leadId"        TEXT NOT NULL,
  "messageId"     TEXT,
  "tier"          "LeadTier" NOT NULL,
  "score"         INTEGER NOT NULL,
  "previousScore" INTEGER,
  "reason"        TEXT NOT NULL,
  "tags"          TEXT[] DEFAULT ARRAY[]::TEXT[],
  "createdAt"     TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "lead_score_history_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "lead_score_history_leadId_workspaceId_fkey" FOREIGN KEY ("leadId", "workspaceId")
    REFERENCES "leads"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE,
  -- The product rule: a score never goes down without a reason shown.
  CONSTRAINT "lead_score_history_drop_has_reason" CHECK ("previousScore" IS NULL OR "score" >= "previousScore" OR length(btrim("reason")) > 0)
);
CREATE INDEX "lead_score_history_workspaceId_leadId_createdAt_idx" ON "lead_score_history"("workspaceId", "leadId", "createdAt");

ALTER TABLE "lead_score_history" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "lead_score_history" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "lead_score_history" FOR ALL
  USING ("workspaceId" = app_current_workspace()) WITH CHECK ("workspaceId" = app_current_workspace());
GRANT SELECT, INSERT, UPDATE, DELETE ON "lead_score_history" TO leadline_app;
