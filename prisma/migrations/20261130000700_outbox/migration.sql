-- Side effects after commit (docs/architecture.md#side-effects-after-commit).
--
-- A job or realtime event that a transaction causes is written to "outbox" inside that same
-- transaction, relayed (published) right after the commit and deleted once published. If the
-- publish fails, or the process dies between commit and publish, the row stays; the
-- `sweep-outbox` job re-publishes it. Payloads hold ids and labels only, never personal data.

CREATE TABLE "outbox" (
  "id"          TEXT NOT NULL,
  "workspaceId" TEXT NOT NULL,
  "kind"        TEXT NOT NULL,
  "name"        TEXT NOT NULL,
  "payload"     JSONB NOT NULL,
  "dedupId"     TEXT,
  "createdAt"   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "attempts"    INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "outbox_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "outbox_kind_check" CHECK ("kind" IN ('job', 'event'))
);
CREATE INDEX "outbox_availableAt_idx" ON "outbox"("availableAt");
CREATE INDEX "outbox_workspaceId_name_dedupId_idx" ON "outbox"("workspaceId", "name", "dedupId");

-- The sweeper finds stranded work through these without scanning every message and reply.
CREATE INDEX "messages_received_pending_idx" ON "messages"("receivedAt") WHERE "status" = 'RECEIVED';
CREATE INDEX "replies_outbox_pending_idx" ON "replies"("updatedAt") WHERE "status" IN ('QUEUED', 'SENDING');

ALTER TABLE "outbox" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "outbox" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "outbox" FOR ALL
  USING ("workspaceId" = app_current_workspace()) WITH CHECK ("workspaceId" = app_current_workspace());
GRANT SELECT, INSERT, DELETE ON "outbox" TO leadline_app;
REVOKE UPDATE ON "outbox" FROM leadline_app;

-- The sweeper works across workspaces through the functions below, which run with the owner's
-- rights. RLS is forced, so the owner (the role running this migration) gets its own policies:
-- it may relay every outbox row and read (never change) messages and replies to find stranded
-- work. The app role gains nothing: it still sees one workspace, and the functions return ids.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_relay ON "outbox" FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY owner_sweep ON "messages" FOR SELECT TO %I USING (true)', current_user);
  EXECUTE format('CREATE POLICY owner_sweep ON "replies" FOR SELECT TO %I USING (true)', current_user);
END
$$;

-- Claims outbox rows due for a (re-)publish: older than p_created_before, available by p_now.
-- Each claim pushes the row's next chance back (exponential, at most an hour), so a row that
-- keeps failing is retried ever more slowly, and two sweepers never take the same row.
CREATE FUNCTION outbox_claim_due(p_now timestamp(3), p_created_before timestamp(3), p_limit integer)
  RETURNS TABLE ("id" text, "workspaceId" text, "kind" text, "name" text, "payload" jsonb, "dedupId" text, "attempts" integer, "createdAt" timestamp(3))
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE public."outbox" o
       SET "attempts" = o."attempts" + 1,
           "availableAt" = p_now + least(interval '1 hour', interval '15 seconds' * power(2, least(o."attempts", 8)))
     WHERE o."id" IN (
       SELECT d."id" FROM public."outbox" d
        WHERE d."availableAt" <= p_now AND d."createdAt" <= p_created_before
        ORDER BY d."availableAt" LIMIT greatest(1, least(p_limit, 1000))
        FOR UPDATE SKIP LOCKED)
    RETURNING o."id", o."workspaceId", o."kind", o."name", o."payload", o."dedupId", o."attempts", o."createdAt"
$$;

-- Deletes relayed rows. Each id must come with its own workspace id.
CREATE FUNCTION outbox_ack(p_ids text[], p_workspace_ids text[])
  RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH gone AS (
      DELETE FROM public."outbox" o USING unnest(p_ids, p_workspace_ids) AS a("id", "workspaceId")
       WHERE o."id" = a."id" AND o."workspaceId" = a."workspaceId"
      RETURNING 1)
    SELECT count(*)::integer FROM gone
$$;

-- Work that no queued job will pick up: inbound messages still RECEIVED, replies still QUEUED,
-- and replies whose SENDING lease ran out, each older than its cut-off and without a pending
-- outbox row for its job. Ids only.
CREATE FUNCTION outbox_stranded_work(p_received_before timestamp(3), p_queued_before timestamp(3), p_sending_before timestamp(3), p_limit integer)
  RETURNS TABLE ("job" text, "workspaceId" text, "id" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    (SELECT 'process-message', m."workspaceId", m."id" FROM public."messages" m
      WHERE m."status" = 'RECEIVED' AND m."receivedAt" < p_received_before AND m."direction" = 'INBOUND'
        AND NOT EXISTS (SELECT 1 FROM public."outbox" o WHERE o."workspaceId" = m."workspaceId" AND o."name" = 'process-message' AND o."dedupId" = m."id")
      ORDER BY m."receivedAt" LIMIT greatest(1, least(p_limit, 1000)))
    UNION ALL
    (SELECT 'send-reply', r."workspaceId", r."id" FROM public."replies" r
      WHERE r."status" IN ('QUEUED', 'SENDING')
        AND ((r."status" = 'QUEUED' AND r."updatedAt" < p_queued_before) OR (r."status" = 'SENDING' AND r."updatedAt" < p_sending_before))
        AND NOT EXISTS (SELECT 1 FROM public."outbox" o WHERE o."workspaceId" = r."workspaceId" AND o."name" = 'send-reply' AND o."dedupId" = r."id")
      ORDER BY r."updatedAt" LIMIT greatest(1, least(p_limit, 1000)))
$$;

REVOKE ALL ON FUNCTION outbox_claim_due(timestamp(3), timestamp(3), integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION outbox_ack(text[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION outbox_stranded_work(timestamp(3), timestamp(3), timestamp(3), integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outbox_claim_due(timestamp(3), timestamp(3), integer) TO leadline_app;
GRANT EXECUTE ON FUNCTION outbox_ack(text[], text[]) TO leadline_app;
GRANT EXECUTE ON FUNCTION outbox_stranded_work(timestamp(3), timestamp(3), timestamp(3), integer) TO leadline_app;
