-- Connecting real channels (OAuth), keeping their tokens fresh and polling them.

-- 1. OAuth state: single use, bound to the admin's session user and workspace, short-lived.
--    The `state` sent to the platform is a random secret; only its keyed hash is stored. After
--    the code exchange the accounts the admin may pick from wait here, encrypted, until picked.
CREATE TABLE "oauth_states" (
  "id"              TEXT NOT NULL,
  "workspaceId"     TEXT NOT NULL,
  "userId"          TEXT NOT NULL,
  "provider"        TEXT NOT NULL,
  "stateHash"       TEXT NOT NULL,
  "codeVerifierEnc" TEXT,
  "redirectUri"     TEXT NOT NULL,
  "accountsEnc"     TEXT,
  "createdAt"       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expiresAt"       TIMESTAMP(3) NOT NULL,
  "exchangedAt"     TIMESTAMP(3),
  "consumedAt"      TIMESTAMP(3),
  CONSTRAINT "oauth_states_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "oauth_states_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "oauth_states_stateHash_key" ON "oauth_states"("stateHash");
CREATE INDEX "oauth_states_workspaceId_expiresAt_idx" ON "oauth_states"("workspaceId", "expiresAt");

ALTER TABLE "oauth_states" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "oauth_states" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "oauth_states" FOR ALL
  USING ("workspaceId" = app_current_workspace()) WITH CHECK ("workspaceId" = app_current_workspace());
GRANT SELECT, INSERT, UPDATE, DELETE ON "oauth_states" TO leadline_app;

-- 2. What a connected channel needs beyond its tokens: platform details (the Page an Instagram
--    account hangs off, the X username), who connected it, and when its webhook subscription
--    was last checked.
ALTER TABLE "channels" ADD COLUMN "metadata" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "channels" ADD COLUMN "connectedById" TEXT;
ALTER TABLE "channels" ADD COLUMN "subscriptionCheckedAt" TIMESTAMP(3);
CREATE INDEX "channels_platform_status_lastPolledAt_idx" ON "channels"("platform", "status", "lastPolledAt");
CREATE INDEX "channels_status_tokenExpiresAt_idx" ON "channels"("status", "tokenExpiresAt");

-- 3. Scheduled work across workspaces (the poll fan-out and the token refresh), through functions
--    with the owner's rights that return ids only (the same pattern as the outbox sweeper).
DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_schedule ON "channels" FOR SELECT TO %I USING (true)', current_user);
END
$$;

CREATE FUNCTION channels_due_for_poll(p_platforms text[], p_polled_before timestamp(3), p_limit integer)
  RETURNS TABLE ("id" text, "workspaceId" text, "platform" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c."id", c."workspaceId", c."platform"::text FROM public."channels" c
     WHERE c."status" = 'ACTIVE' AND c."platform"::text = ANY (p_platforms)
       AND (c."lastPolledAt" IS NULL OR c."lastPolledAt" < p_polled_before)
     ORDER BY c."lastPolledAt" NULLS FIRST LIMIT greatest(1, least(p_limit, 5000))
$$;

CREATE FUNCTION channels_due_for_token_refresh(p_expiring_before timestamp(3), p_limit integer)
  RETURNS TABLE ("id" text, "workspaceId" text, "platform" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT c."id", c."workspaceId", c."platform"::text FROM public."channels" c
     WHERE c."status" = 'ACTIVE' AND c."refreshTokenEnc" IS NOT NULL AND c."tokenExpiresAt" < p_expiring_before
     ORDER BY c."tokenExpiresAt" LIMIT greatest(1, least(p_limit, 5000))
$$;

REVOKE ALL ON FUNCTION channels_due_for_poll(text[], timestamp(3), integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION channels_due_for_token_refresh(timestamp(3), integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION channels_due_for_poll(text[], timestamp(3), integer) TO leadline_app;
GRANT EXECUTE ON FUNCTION channels_due_for_token_refresh(timestamp(3), integer) TO leadline_app;
