import { createServer } from "node:net";
import { once } from "node:events";
import { TRPCError } from "@trpc/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Counts scrypt work: sign-up hashes the password whether the address is new or taken.
vi.mock("@/server/infra/crypto/password", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/server/infra/crypto/password")>();
  return { ...original, hashPassword: vi.fn(original.hashPassword) };
});

const { hashPassword } = await import("@/server/infra/crypto/password");
const { authOptions } = await import("@/server/auth/auth-options");
const { createCaller } = await import("@/server/api/root");
const { startSsoLink } = await import("@/server/accounts/sso-link");
const { issueEmailConfirmation } = await import("@/server/accounts/issue-email-confirmation");
const { blindIndex, decrypt } = await import("@/server/infra/crypto/field-crypto");
const { db } = await import("@/server/infra/db/client");
const { resetEnvCache } = await import("@/server/infra/env/load-env");
const { resetMailer } = await import("@/server/infra/mail/mailer");
const { resetPorts } = await import("@/server/infra/runtime/ports");
const { startOidcFake } = await import("../fakes/oidc/server");
const { headerOf, startSmtpFake, textOf } = await import("../fakes/smtp/server");
const { AuthBrowser } = await import("../helpers/next-auth-browser");
const { callerFor, createUser, uniqueEmail } = await import("../helpers/factories");

type OidcFake = Awaited<ReturnType<typeof startOidcFake>>;
type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

/** Credentials sign-in as the server runs it: the user id, or the message it throws, or "refused". */
async function passwordSignIn(email: string, password: string): Promise<string> {
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": `192.0.2.${Math.floor(Math.random() * 250)}` } }).then(
    (user) => (user ? (user as { id: string }).id : "refused"),
    (error: Error) => error.message,
  );
}

async function trpcError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof TRPCError) return `${e.code}: ${e.message}`;
    throw e;
  }
}

const tokenOf = (url: string | undefined) => new URL(url ?? "http://x/").searchParams.get("token") ?? "";
const identities = (subject: string) => db().userIdentity.findMany({ where: { subject }, select: { userId: true } });
const userByEmail = (email: string) => db().user.findUnique({ where: { emailHash: blindIndex(email) }, select: { id: true, emailVerifiedAt: true } });

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  resetMailer();
}

let idp: OidcFake;

beforeAll(async () => {
  idp = await startOidcFake();
  setEnv({ OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret, NEXTAUTH_URL: "http://localhost:3000" });
});

// A fresh in-process limiter per case: sign-in limits are per client address and account, and
// this file signs in many times from one address.
beforeEach(() => resetPorts());

afterAll(async () => {
  setEnv({ OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, OIDC_CLIENT_SECRET: undefined, NEXTAUTH_URL: undefined, SMTP_URL: undefined, MAIL_FROM: undefined });
  await idp.close();
});

describe("account takeover through single sign-on (issue 11, finding 1)", () => {
  it("an attacker who signs up first with the victim's address cannot sign in, and the victim's SSO merges nothing into that account", async () => {
    const victim = uniqueEmail("victim");
    // The attacker signs up with the victim's address and a password of their own.
    const signedUp = await callerFor(null, null).account.signUp({ name: "Mallory", email: victim, password: "attacker-pass-1" });
    expect(signedUp.mail).toBe("sent");
    const attackerAccount = await userByEmail(victim);
    expect(attackerAccount).toMatchObject({ emailVerifiedAt: null });

    // The attacker cannot sign in: the address is not confirmed.
    expect(await passwordSignIn(victim, "attacker-pass-1")).toBe("EmailNotConfirmed");

    // The victim signs in with single sign-on; their provider verified the address.
    idp.nextLogin = { sub: "victim-sso-subject", email: victim, email_verified: true, name: "Victoria" };
    const browser = new AuthBrowser();
    const landed = await browser.signInWithSso();
    expect(landed).toBe("http://localhost:3000/sign-in?error=Sso-account-exists");
    expect(await browser.sessionUserId()).toBeNull();
    expect(await identities("victim-sso-subject")).toEqual([]);

    // The confirmation link (in the victim's mailbox) does not confirm without the attacker's password,
    // and the attacker still cannot sign in.
    const token = tokenOf(signedUp.shownMail?.url);
    expect(await trpcError(callerFor(null, null).account.confirmEmail({ token, password: "victims-own-pass-1" }))).toMatch(/^FORBIDDEN/);
    expect(await userByEmail(victim)).toMatchObject({ id: attackerAccount!.id, emailVerifiedAt: null });
    expect(await passwordSignIn(victim, "attacker-pass-1")).toBe("EmailNotConfirmed");
  });

  it("never links a new identity to a confirmed account by its email either", async () => {
    const owner = await createUser("owner");
    idp.nextLogin = { sub: "stranger-with-owners-email", email: owner.email.toUpperCase(), email_verified: true };
    const browser = new AuthBrowser();
    expect(await browser.signInWithSso()).toBe("http://localhost:3000/sign-in?error=Sso-account-exists");
    expect(await browser.sessionUserId()).toBeNull();
    expect(await identities("stranger-with-owners-email")).toEqual([]);
    expect(await passwordSignIn(owner.email, "correct-horse-9")).toBe(owner.userId);
  });

  it("refuses an identity whose provider did not verify the email (false, the string \"true\", or missing), creating nothing", async () => {
    for (const [i, emailVerified] of [false, "true", undefined].entries()) {
      const email = uniqueEmail(`unverified${i}`);
      idp.nextLogin = { sub: `unverified-${i}`, email, email_verified: emailVerified, name: "Una" };
      const browser = new AuthBrowser();
      expect(await browser.signInWithSso()).toBe("http://localhost:3000/sign-in?error=Sso-email-unverified");
      expect(await browser.sessionUserId()).toBeNull();
      expect(await userByEmail(email)).toBeNull();
      expect(await identities(`unverified-${i}`)).toEqual([]);
    }
  });

  it("creates a confirmed account for a brand-new verified address, and signs the same identity in to it again", async () => {
    const email = uniqueEmail("newcomer");
    idp.nextLogin = { sub: "newcomer-subject", email, email_verified: true, name: "Nia" };
    const first = new AuthBrowser();
    expect(await first.signInWithSso()).toBe("http://localhost:3000/inbox");
    const created = await userByEmail(email);
    expect(created?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await first.sessionUserId()).toBe(created!.id);

    // Same identity, even after the provider changed its email: the same account.
    idp.nextLogin = { sub: "newcomer-subject", email: uniqueEmail("renamed"), email_verified: true };
    const second = new AuthBrowser();
    await second.signInWithSso();
    expect(await second.sessionUserId()).toBe(created!.id);
  });
});

/** A signed-in browser of a confirmed password user, and a started link request in its cookies. */
async function signedInWithLinkRequest(label: string) {
  const user = await createUser(label);
  const browser = new AuthBrowser();
  await browser.signInWithPassword(user.email, "correct-horse-9");
  expect(await browser.sessionUserId()).toBe(user.userId);
  const resHeaders = new Headers();
  await createCaller({ userId: user.userId, workspaceId: null, ip: "198.51.100.20", resHeaders }).account.startSsoLink();
  const cookie = /ll_sso_link=([^;]+)/.exec(resHeaders.get("set-cookie") ?? "")?.[1];
  expect(resHeaders.get("set-cookie")).toMatch(/HttpOnly/);
  browser.cookies.set("ll_sso_link", decodeURIComponent(cookie ?? ""));
  return { user, browser };
}

describe("linking single sign-on from the account page", () => {
  it("links the next SSO sign-in to the signed-in user only, once", async () => {
    const { user, browser } = await signedInWithLinkRequest("linker");
    idp.nextLogin = { sub: "linker-corp-id", email: uniqueEmail("linker-at-corp"), email_verified: true };
    expect(await browser.signInWithSso("/account?sso=linked")).toBe("http://localhost:3000/account?sso=linked");
    expect(await identities("linker-corp-id")).toEqual([{ userId: user.userId }]);
    expect(await browser.sessionUserId()).toBe(user.userId);

    // From now on that identity signs in to this account from anywhere.
    const elsewhere = new AuthBrowser();
    await elsewhere.signInWithSso();
    expect(await elsewhere.sessionUserId()).toBe(user.userId);

    // The request was single use: the same cookie cannot link a second identity.
    idp.nextLogin = { sub: "linker-second-id", email: uniqueEmail("second"), email_verified: true };
    expect(await browser.signInWithSso()).toBe("http://localhost:3000/account?sso=link-expired");
    expect(await identities("linker-second-id")).toEqual([]);
  });

  it("binds the request to the session that started it: another user's session, or none, cannot use it", async () => {
    const { browser: owners } = await signedInWithLinkRequest("bound");
    const secret = owners.cookies.get("ll_sso_link")!;

    const other = await createUser("other");
    const othersBrowser = new AuthBrowser();
    await othersBrowser.signInWithPassword(other.email, "correct-horse-9");
    othersBrowser.cookies.set("ll_sso_link", secret);
    idp.nextLogin = { sub: "bound-stolen-cookie", email: uniqueEmail("stolen"), email_verified: true };
    expect(await othersBrowser.signInWithSso()).toBe("http://localhost:3000/account?sso=link-expired");

    const signedOut = new AuthBrowser();
    signedOut.cookies.set("ll_sso_link", secret);
    expect(await signedOut.signInWithSso()).toBe("http://localhost:3000/account?sso=link-expired");
    expect(await identities("bound-stolen-cookie")).toEqual([]);
  });

  it("expires after 10 minutes", async () => {
    const user = await createUser("late");
    const browser = new AuthBrowser();
    await browser.signInWithPassword(user.email, "correct-horse-9");
    const { secret } = await startSsoLink(user.userId, new Date(Date.now() - 11 * 60_000));
    browser.cookies.set("ll_sso_link", secret);
    idp.nextLogin = { sub: "late-id", email: uniqueEmail("late-corp"), email_verified: true };
    expect(await browser.signInWithSso()).toBe("http://localhost:3000/account?sso=link-expired");
    expect(await identities("late-id")).toEqual([]);
  });

  it("refuses to move an identity that already belongs to another account", async () => {
    const email = uniqueEmail("first-owner");
    idp.nextLogin = { sub: "owned-id", email, email_verified: true };
    await new AuthBrowser().signInWithSso();
    const firstOwner = await userByEmail(email);

    const { browser } = await signedInWithLinkRequest("grabber");
    expect(await browser.signInWithSso()).toBe("http://localhost:3000/account?sso=identity-in-use");
    expect(await identities("owned-id")).toEqual([{ userId: firstOwner!.id }]);
  });

  it("refuses to start a link request when signed out", async () => {
    expect(await trpcError(callerFor(null, null).account.startSsoLink())).toMatch(/^UNAUTHORIZED/);
  });
});

describe("confirming the email of a password account", () => {
  it("refuses sign-in until confirmed; the link asks for the password, survives a wrong one, works once", async () => {
    const email = uniqueEmail("confirm");
    const signedUp = await callerFor(null, null).account.signUp({ name: "Cory", email, password: "cory-pass-12" });
    const token = tokenOf(signedUp.shownMail?.url);
    expect(signedUp.shownMail).toMatchObject({ subject: "Confirm your email for Leadline", label: "Confirm your email" });
    expect(await passwordSignIn(email, "cory-pass-12")).toBe("EmailNotConfirmed");
    // A wrong password is refused without saying whether the address is pending.
    expect(await passwordSignIn(email, "wrong-pass-12")).toBe("refused");

    expect(await trpcError(callerFor(null, null).account.confirmEmail({ token, password: "wrong-pass-12" }))).toBe("FORBIDDEN: That isn't the password chosen for this account. Try again.");
    expect(await callerFor(null, null).account.confirmEmail({ token, password: "cory-pass-12" })).toEqual({ email });
    const user = await userByEmail(email);
    expect(user?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await passwordSignIn(email, "cory-pass-12")).toBe(user!.id);

    expect(await trpcError(callerFor(null, null).account.confirmEmail({ token, password: "cory-pass-12" }))).toMatch(/^CONFLICT: This link was already used/);
  });

  it("refuses a malformed, an unknown and an expired link clearly; 'send again' replaces the old link", async () => {
    const c = callerFor(null, null);
    expect(await trpcError(c.account.confirmEmail({ token: "abc", password: "x" }))).toMatch(/^BAD_REQUEST/);
    expect(await trpcError(c.account.confirmEmail({ token: "B".repeat(43), password: "whatever-1" }))).toMatch(/^BAD_REQUEST: This confirmation link is not valid/);

    const email = uniqueEmail("expired");
    const first = await c.account.signUp({ name: "Exa", email, password: "exa-pass-123" });
    const user = await userByEmail(email);
    const expiredUrl = await issueEmailConfirmation(db(), user!.id, undefined, new Date(Date.now() - 25 * 3600_000));
    expect(await trpcError(c.account.confirmEmail({ token: tokenOf(expiredUrl), password: "exa-pass-123" }))).toMatch(/^BAD_REQUEST: This confirmation link has expired/);
    // Issuing that link already replaced the first one.
    expect(await trpcError(c.account.confirmEmail({ token: tokenOf(first.shownMail?.url), password: "exa-pass-123" }))).toMatch(/^BAD_REQUEST: This confirmation link is not valid/);

    const again = await c.account.resendConfirmation({ email });
    expect(await trpcError(c.account.confirmEmail({ token: tokenOf(expiredUrl), password: "exa-pass-123" }))).toMatch(/^BAD_REQUEST: This confirmation link is not valid/);
    await c.account.confirmEmail({ token: tokenOf(again.shownMail?.url), password: "exa-pass-123" });
    expect(await passwordSignIn(email, "exa-pass-123")).toBe(user!.id);
  });

  it("answers 'send again' the same for unknown, confirmed and pending addresses (nothing shown where mail is real)", async () => {
    const fake = await startSmtpFake();
    setEnv({ SMTP_URL: fake.url(), MAIL_FROM: "Leadline <no-reply@leadline.test>" });
    try {
      const pendingEmail = uniqueEmail("pending");
      await callerFor(null, null).account.signUp({ name: "Pen", email: pendingEmail, password: "pen-pass-123" });
      const confirmed = await createUser("confirmed");
      const answers = [
        await callerFor(null, null).account.resendConfirmation({ email: uniqueEmail("nobody") }),
        await callerFor(null, null).account.resendConfirmation({ email: confirmed.email }),
        await callerFor(null, null).account.resendConfirmation({ email: pendingEmail }),
      ];
      expect(answers).toEqual([{}, {}, {}]);
      // Only the pending account got a (second) confirmation mail.
      expect(fake.received.map((m) => [m.to[0], headerOf(m, "Subject")])).toEqual([
        [pendingEmail, "Confirm your email for Leadline"],
        [pendingEmail, "Confirm your email for Leadline"],
      ]);
    } finally {
      setEnv({ SMTP_URL: undefined, MAIL_FROM: undefined });
      await fake.close();
    }
  });

  it("stores only a keyed hash of the token, and the local outbox keeps the mail encrypted", async () => {
    const email = uniqueEmail("hashed");
    const signedUp = await callerFor(null, null).account.signUp({ name: "Hal", email, password: "hal-pass-123" });
    const token = tokenOf(signedUp.shownMail?.url);
    const user = await userByEmail(email);
    const [link] = await db().emailConfirmation.findMany({ where: { userId: user!.id } });
    expect(link?.tokenHash).not.toContain(token);
    const mails = await db().mailOutbox.findMany({ orderBy: { createdAt: "desc" }, take: 20 });
    const mine = mails.find((m) => decrypt(m.toEnc) === email);
    expect(mine?.subject).toBe("Confirm your email for Leadline");
    expect(`${mine?.toEnc} ${mine?.textEnc}`).not.toContain(email);
    expect(mine?.textEnc).not.toContain(token);
    expect(decrypt(mine!.textEnc)).toContain(token);
  });
});

describe("sign-up never reveals whether an account exists", () => {
  let fake: Awaited<ReturnType<typeof startSmtpFake>>;
  beforeEach(async () => {
    fake = await startSmtpFake({ auth: { user: "mailer", pass: "smtp-secret-1" } });
    setEnv({ SMTP_URL: fake.url({ user: "mailer", pass: "smtp-secret-1" }), MAIL_FROM: "Leadline <no-reply@leadline.test>" });
    vi.mocked(hashPassword).mockClear();
  });
  afterEach(async () => {
    setEnv({ SMTP_URL: undefined, MAIL_FROM: undefined, NODE_ENV: "test" });
    await fake.close();
  });

  it("answers a taken address exactly like a new one, hashes the password either way, and mails the owner instead", async () => {
    const taken = await createUser("taken");
    vi.mocked(hashPassword).mockClear();
    const fresh = uniqueEmail("fresh");
    const forNew = await callerFor(null, null).account.signUp({ name: "Fresh", email: fresh, password: "fresh-pass-12" });
    const forTaken = await callerFor(null, null).account.signUp({ name: "Impostor", email: taken.email, password: "impostor-pass-1" });
    expect(forTaken).toEqual(forNew);
    expect(forNew).toEqual({ mail: "sent" });
    expect(vi.mocked(hashPassword)).toHaveBeenCalledTimes(2);

    expect(fake.received.map((m) => [m.to[0], headerOf(m, "Subject")])).toEqual([
      [fresh, "Confirm your email for Leadline"],
      [taken.email, "You already have a Leadline account"],
    ]);
    expect(textOf(fake.received[1]!)).toContain("http://localhost:3000/sign-in");
    expect(textOf(fake.received[1]!)).not.toMatch(/token=/);
    // The existing account is untouched: its password still works, the impostor's does not.
    expect(await passwordSignIn(taken.email, "correct-horse-9")).toBe(taken.userId);
    expect(await passwordSignIn(taken.email, "impostor-pass-1")).toBe("refused");
  });

  it("keeps the sign-up when the SMTP server is down, says the mail did not go (the same for a taken address), and 'send again' delivers later", async () => {
    const down = await closedPort();
    setEnv({ SMTP_URL: `smtp://mailer:smtp-secret-1@127.0.0.1:${down}` });
    const email = uniqueEmail("outage");
    const taken = await createUser("taken-outage");
    const forNew = await callerFor(null, null).account.signUp({ name: "Otto", email, password: "otto-pass-123" });
    const forTaken = await callerFor(null, null).account.signUp({ name: "Otto", email: taken.email, password: "otto-pass-123" });
    expect(forNew).toEqual({ mail: "not-sent" });
    expect(forTaken).toEqual(forNew);
    expect(await userByEmail(email)).toMatchObject({ emailVerifiedAt: null });

    // The server is back: the person asks for the link again and confirms with it.
    setEnv({ SMTP_URL: fake.url({ user: "mailer", pass: "smtp-secret-1" }) });
    await callerFor(null, null).account.resendConfirmation({ email });
    const mail = fake.received.find((m) => m.to[0] === email);
    expect(mail && headerOf(mail, "Subject")).toBe("Confirm your email for Leadline");
    const url = /http:\/\/localhost:3000\/confirm-email\?token=[A-Za-z0-9_-]{43}/.exec(textOf(mail!))?.[0];
    await callerFor(null, null).account.confirmEmail({ token: tokenOf(url), password: "otto-pass-123" });
    expect(await passwordSignIn(email, "otto-pass-123")).toMatch(/^c/);
  });

  it("without a mail server in production, answers both cases alike and shows nothing on screen", async () => {
    setEnv({ SMTP_URL: undefined, MAIL_FROM: undefined, NODE_ENV: "production" });
    const taken = await createUser("taken-prod");
    const forNew = await callerFor(null, null).account.signUp({ name: "Pia", email: uniqueEmail("prod"), password: "pia-pass-1234" });
    const forTaken = await callerFor(null, null).account.signUp({ name: "Pia", email: taken.email, password: "pia-pass-1234" });
    expect(forNew).toEqual({ mail: "sent" });
    expect(forTaken).toEqual(forNew);
  });

  it("limits mails to one address, whoever asks and whether or not it has an account", async () => {
    const email = uniqueEmail("flood");
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) outcomes.push(await trpcError(callerFor(null, null).account.resendConfirmation({ email })));
    expect(outcomes.slice(0, 5)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(outcomes[5]).toMatch(/^TOO_MANY_REQUESTS/);
  });

  it("refuses bad input clearly and stores nothing", async () => {
    const email = uniqueEmail("bad");
    expect(await trpcError(callerFor(null, null).account.signUp({ name: "B", email, password: "short" }))).toMatch(/^BAD_REQUEST/);
    expect(await trpcError(callerFor(null, null).account.signUp({ name: "B", email, password: "long-enough-1", callbackUrl: "https://evil.test/" }))).toMatch(/^BAD_REQUEST/);
    expect(await trpcError(callerFor(null, null).account.signUp({ name: "B", email, password: "long-enough-1", callbackUrl: "//evil.test/x" }))).toMatch(/^BAD_REQUEST/);
    expect(await userByEmail(email)).toBeNull();
    expect(fake.received).toHaveLength(0);
  });
});
