-- Issue 11, finding 10: sessions can be revoked. Every session token carries the user's
-- session version when it was issued; a request whose token holds an older version is signed
-- out. Bumped on password change, removal from a workspace and "sign out everywhere".
ALTER TABLE "users" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- The app role reads users by column (the password hash stays out of reach); reading the
-- version is needed both on each request and by `SET "sessionVersion" = "sessionVersion" + 1`.
GRANT SELECT ("sessionVersion") ON "users" TO leadline_app;
