import { once } from "node:events";
import { createServer } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { headerOf, startSmtpFake, textOf, type SmtpFake } from "../../../../tests/fakes/smtp/server";
import { MailSendError } from "./mail-port";
import { createSmtpMailer } from "./smtp-mailer";

const CREDS = { user: "leadline", pass: "p@ss word:1" };
const silent = pino({ level: "silent" });
const MAIL = { to: "dana@example.test", subject: "Confirm your email for Leadline", text: "Hi Dana,\n\nhttp://localhost:3000/confirm-email?token=abc\n" };

let fake: SmtpFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function failure(p: Promise<unknown>): Promise<MailSendError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(MailSendError);
  return error as MailSendError;
}

describe("SMTP mail port, over the wire", () => {
  it("authenticates and delivers the mail with its sender, recipient, subject and text", async () => {
    fake = await startSmtpFake({ auth: CREDS });
    const mailer = createSmtpMailer({ url: fake.url(CREDS), from: "Leadline <no-reply@leadline.test>", timeoutMs: 5_000, logger: silent });
    const { id } = await mailer.send(MAIL);
    expect(id).toMatch(/@/);
    expect(fake.received).toHaveLength(1);
    const mail = fake.received[0]!;
    expect(mail).toMatchObject({ from: "no-reply@leadline.test", to: ["dana@example.test"], authUser: "leadline" });
    expect(headerOf(mail, "Subject")).toBe(MAIL.subject);
    expect(textOf(mail)).toContain("http://localhost:3000/confirm-email?token=abc");
  });

  it("refuses wrong credentials as a permanent failure that names neither them nor the recipient", async () => {
    fake = await startSmtpFake({ auth: CREDS });
    const mailer = createSmtpMailer({ url: fake.url({ user: "leadline", pass: "wrong-secret" }), from: "no-reply@leadline.test", timeoutMs: 5_000, logger: silent });
    const error = await failure(mailer.send(MAIL));
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(/refused the SMTP credentials/);
    expect(error.message).not.toMatch(/wrong-secret|dana@/);
    expect(fake.received).toHaveLength(0);
  });

  it("tells a recipient refused for good (5xx) from one to retry (4xx)", async () => {
    fake = await startSmtpFake();
    const mailer = createSmtpMailer({ url: fake.url(), from: "no-reply@leadline.test", timeoutMs: 5_000, logger: silent });
    fake.rejectRecipients(550);
    const permanent = await failure(mailer.send(MAIL));
    expect(permanent).toMatchObject({ transient: false });
    expect(permanent.message).toMatch(/SMTP 550/);
    expect(permanent.message).not.toContain("dana@");
    fake.rejectRecipients(451);
    expect(await failure(mailer.send(MAIL))).toMatchObject({ transient: true });
    fake.rejectRecipients(null);
    await mailer.send(MAIL);
    expect(fake.received).toHaveLength(1);
  });

  it("fails clearly, without the credentials, when the server is down", async () => {
    const port = await closedPort();
    const mailer = createSmtpMailer({ url: `smtp://leadline:${encodeURIComponent(CREDS.pass)}@127.0.0.1:${port}`, from: "no-reply@leadline.test", timeoutMs: 5_000, logger: silent });
    const error = await failure(mailer.send(MAIL));
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port} could not be reached \\((ECONNECTION|ESOCKET)\\)$`));
  });

  it("gives up on a server that accepts the connection but never answers, after the timeout", async () => {
    fake = await startSmtpFake({ silent: true });
    const mailer = createSmtpMailer({ url: fake.url(), from: "no-reply@leadline.test", timeoutMs: 1_000, logger: silent });
    const started = Date.now();
    const error = await failure(mailer.send(MAIL));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(/did not answer in time|could not be reached/);
  });
});
