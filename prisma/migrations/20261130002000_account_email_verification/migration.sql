-- Issue 11, finding 1 (account takeover through SSO) and sign-up enumeration.
--
-- A password account proves it holds its mailbox before it can sign in; an OpenID Connect
-- identity is never merged into an existing account by email, only linked by its signed-in
-- owner; mails go out through a port whose embedded default keeps them in a local outbox.
-- These tables are global (users are not tenant data), like "users" and "user_identities":
-- no workspace, no row-level security. Secrets are stored as keyed hashes, mail bodies and
-- recipients encrypted.

-- 1. When the email was proved. Accounts created before this migration keep signing in: they
--    are taken as verified from their creation (locking every existing user out would be worse;
--    the SSO takeover itself is closed by never merging identities by email).
ALTER TABLE "users" ADD COLUMN "emailVerifiedAt" TIMESTAMP(3);
UPDATE "users" SET "emailVerifiedAt" = "createdAt";
-- The app role reads "users" by column (the password hash stays out of reach).
GRANT SELECT ("emailVerifiedAt") ON "users" TO leadline_app;

-- 2. Confirmation links: single use, 24 hours, only a keyed hash of the token.
CREATE TABLE "email_confirmations" (
  "id"        TEXT NOT NULL,
  "userId"    TEXT NOT NULL,
  "tokenHash" TEXT NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expiresAt" TIMESTAMP(3) NOT NULL,
  "usedAt"    TIMESTAMP(3),
  CONSTRAINT "email_confirmations_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "email_confirmations_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "email_confirmations_tokenHash_key" ON "email_confirmations"("tokenHash");
CREATE INDEX "email_confirmations_userId_idx" ON "email_confirmations"("userId");
GRANT SELECT, INSERT, UPDATE, DELETE ON "email_confirmations" TO leadline_app;

-- 3. "Link single sign-on" requests of signed-in users: single use, minutes, bound to the user
--    and to a secret in an httpOnly cookie of their browser (only its keyed hash is stored).
CREATE TABLE "sso_link_intents" (
  "id"         TEXT NOT NULL,
  "userId"     TEXT NOT NULL,
  "secretHash" TEXT NOT NULL,
  "createdAt"  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expiresAt"  TIMESTAMP(3) NOT NULL,
  "usedAt"     TIMESTAMP(3),
  CONSTRAINT "sso_link_intents_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "sso_link_intents_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "sso_link_intents_secretHash_key" ON "sso_link_intents"("secretHash");
CREATE INDEX "sso_link_intents_userId_idx" ON "sso_link_intents"("userId");
GRANT SELECT, INSERT, UPDATE, DELETE ON "sso_link_intents" TO leadline_app;

-- 4. The local outbox of the embedded mail port (no SMTP_URL). Not tenant data: account mails
--    (confirmations, "someone tried to sign up with your address"). The app writes and reads
--    them (a later local outbox page shows them); recipient and body are encrypted, and key
--    rotation (`npm run db:reencrypt`, as the app role) rewrites them.
CREATE TABLE "mail_outbox" (
  "id"        TEXT NOT NULL,
  "toEnc"     TEXT NOT NULL,
  "subject"   TEXT NOT NULL,
  "textEnc"   TEXT NOT NULL,
  "htmlEnc"   TEXT,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "mail_outbox_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "mail_outbox_createdAt_idx" ON "mail_outbox"("createdAt");
GRANT SELECT, INSERT, UPDATE, DELETE ON "mail_outbox" TO leadline_app;
