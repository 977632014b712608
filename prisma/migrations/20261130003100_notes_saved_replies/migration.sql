-- Internal notes on conversations and saved replies (issue 13; src/server/notes/, src/server/saved-replies/).
-- Notes are staff-written but may quote the customer: only their ciphertext is stored ("textEnc",
-- AES-256-GCM with the key id inside, listed in reencrypt-all.ts). They go with their
-- conversation (cascade: conversation deletion, contact erasure) and with retention
-- (retention-steps.ts). Saved replies hold staff-written templates only.

CREATE TABLE "conversation_notes" (
  "id"             TEXT NOT NULL,
  "workspaceId"    TEXT NOT NULL,
  "conversationId" TEXT NOT NULL,
  "authorId"       TEXT,
  "textEnc"        TEXT NOT NULL,
  "createdAt"      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "conversation_notes_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "conversation_notes_conversationId_workspaceId_fkey" FOREIGN KEY ("conversationId", "workspaceId")
    REFERENCES "conversations"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "conversation_notes_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "conversation_notes_id_workspaceId_key" ON "conversation_notes"("id", "workspaceId");
CREATE INDEX "conversation_notes_conversationId_createdAt_idx" ON "conversation_notes"("conversationId", "createdAt");
CREATE INDEX "conversation_notes_workspaceId_createdAt_idx" ON "conversation_notes"("workspaceId", "createdAt");

CREATE TABLE "saved_replies" (
  "id"          TEXT NOT NULL,
  "workspaceId" TEXT NOT NULL,
  "title"       TEXT NOT NULL,
  "body"        TEXT NOT NULL,
  "shortcut"    TEXT,
  "createdById" TEXT,
  "createdAt"   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"   TIMESTAMP(3) NOT NULL,
  CONSTRAINT "saved_replies_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "saved_replies_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "saved_replies_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE,
  -- The service normalises shortcuts; the database refuses anything else (a "/" or spaces would never match the composer).
  CONSTRAINT "saved_replies_shortcut_shape" CHECK ("shortcut" IS NULL OR "shortcut" ~ '^[a-z0-9][a-z0-9_-]{0,31}$')
);
CREATE UNIQUE INDEX "saved_replies_workspaceId_shortcut_key" ON "saved_replies"("workspaceId", "shortcut");
CREATE INDEX "saved_replies_workspaceId_title_idx" ON "saved_replies"("workspaceId", "title");

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['conversation_notes', 'saved_replies'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I FOR ALL USING ("workspaceId" = app_current_workspace()) WITH CHECK ("workspaceId" = app_current_workspace())',
      t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO leadline_app', t);
  END LOOP;
END
$$;
