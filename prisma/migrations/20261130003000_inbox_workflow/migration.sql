-- Inbox workflow (issue 13, point 1): snooze, assignment, per-user read markers, the Spam folder's
-- corrections, trusted contacts and the blind search index (src/server/inbox/).
-- No personal data in clear: search tokens are keyed HMACs (a per-workspace key derived from
-- BLIND_INDEX_KEY) of normalised words, emptied by a trigger whenever the text they came from goes.

-- 1. Status: snoozed until a time (shown as open once it passes; a new inbound message reopens it).
--    The new enum value is not used in this migration (PostgreSQL refuses that in one transaction).
ALTER TYPE "ConversationStatus" ADD VALUE 'SNOOZED';
ALTER TABLE "conversations" ADD COLUMN "snoozedUntil" TIMESTAMP(3);
ALTER TABLE "conversations" ADD COLUMN "assignedAt" TIMESTAMP(3);
-- Open conversations per assignee (auto-assignment picks the agent with the fewest).
CREATE INDEX "conversations_workspaceId_assigneeId_status_idx" ON "conversations"("workspaceId", "assigneeId", "status");

-- 2. Auto-assignment, off by default.
ALTER TABLE "workspaces" ADD COLUMN "inboxAutoAssign" BOOLEAN NOT NULL DEFAULT false;

-- 3. Trusted contacts ("Not spam") and the name index.
ALTER TABLE "contacts" ADD COLUMN "trustedAt" TIMESTAMP(3);
ALTER TABLE "contacts" ADD COLUMN "trustedById" TEXT;
ALTER TABLE "contacts" ADD COLUMN "nameTokens" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "contacts" ADD COLUMN "nameIndexedAt" TIMESTAMP(3);
CREATE INDEX "contacts_nameTokens_idx" ON "contacts" USING GIN ("nameTokens");

-- 4. The message text index.
ALTER TABLE "messages" ADD COLUMN "searchTokens" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "messages" ADD COLUMN "searchIndexedAt" TIMESTAMP(3);
CREATE INDEX "messages_searchTokens_idx" ON "messages" USING GIN ("searchTokens");
-- Rows still to index (new, edited, or from before this migration): the backfill reads these.
CREATE INDEX "messages_search_pending_idx" ON "messages"("workspaceId") WHERE "searchIndexedAt" IS NULL AND "textEnc" IS NOT NULL;

-- Tokens never outlive their text: whenever the text changes (an edit, a deletion by the sender,
-- retention, erasure) and the same statement did not write new tokens, the tokens are emptied
-- and the row is marked unindexed (re-indexed from the new text, if any, by the backfill).
CREATE FUNCTION messages_search_tokens_follow_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."textEnc" IS DISTINCT FROM OLD."textEnc" AND NEW."searchTokens" IS NOT DISTINCT FROM OLD."searchTokens" THEN
    NEW."searchTokens" := ARRAY[]::TEXT[];
    NEW."searchIndexedAt" := NULL;
  END IF;
  IF NEW."textEnc" IS NULL THEN
    NEW."searchTokens" := ARRAY[]::TEXT[];
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER messages_search_tokens BEFORE UPDATE OF "textEnc", "searchTokens" ON "messages"
  FOR EACH ROW EXECUTE FUNCTION messages_search_tokens_follow_text();

CREATE FUNCTION contacts_name_tokens_follow_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW."displayNameEnc" IS DISTINCT FROM OLD."displayNameEnc" OR NEW."handleEnc" IS DISTINCT FROM OLD."handleEnc")
     AND NEW."nameTokens" IS NOT DISTINCT FROM OLD."nameTokens" THEN
    NEW."nameTokens" := ARRAY[]::TEXT[];
    NEW."nameIndexedAt" := NULL;
  END IF;
  IF NEW."displayNameEnc" IS NULL AND NEW."handleEnc" IS NULL THEN
    NEW."nameTokens" := ARRAY[]::TEXT[];
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER contacts_name_tokens BEFORE UPDATE OF "displayNameEnc", "handleEnc", "nameTokens" ON "contacts"
  FOR EACH ROW EXECUTE FUNCTION contacts_name_tokens_follow_name();

-- 5. Per-user read markers.
CREATE TABLE "conversation_reads" (
  "id"             TEXT NOT NULL,
  "workspaceId"    TEXT NOT NULL,
  "conversationId" TEXT NOT NULL,
  "userId"         TEXT NOT NULL,
  "readAt"         TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "conversation_reads_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "conversation_reads_conversationId_workspaceId_fkey" FOREIGN KEY ("conversationId", "workspaceId")
    REFERENCES "conversations"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "conversation_reads_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "conversation_reads_conversationId_userId_key" ON "conversation_reads"("conversationId", "userId");
CREATE INDEX "conversation_reads_workspaceId_userId_idx" ON "conversation_reads"("workspaceId", "userId");

-- 6. Intent corrections (who, which message, from what to what); the text stays in the message
--    (encrypted, removed by retention), never copied here.
CREATE TABLE "intent_corrections" (
  "id"             TEXT NOT NULL,
  "workspaceId"    TEXT NOT NULL,
  "conversationId" TEXT NOT NULL,
  "messageId"      TEXT NOT NULL,
  "fromIntent"     "Intent" NOT NULL,
  "toIntent"       "Intent" NOT NULL,
  "correctedById"  TEXT,
  "createdAt"      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "intent_corrections_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "intent_corrections_conversationId_workspaceId_fkey" FOREIGN KEY ("conversationId", "workspaceId")
    REFERENCES "conversations"("id", "workspaceId") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "intent_corrections_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "intent_corrections_workspaceId_createdAt_idx" ON "intent_corrections"("workspaceId", "createdAt");
CREATE INDEX "intent_corrections_messageId_idx" ON "intent_corrections"("messageId");

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['conversation_reads', 'intent_corrections'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I FOR ALL USING ("workspaceId" = app_current_workspace()) WITH CHECK ("workspaceId" = app_current_workspace())',
      t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO leadline_app', t);
  END LOOP;
END
$$;
