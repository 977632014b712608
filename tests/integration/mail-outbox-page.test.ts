import { afterEach, describe, expect, it } from "vitest";
import { signUp } from "@/server/accounts/sign-up";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { listLocalOutbox } from "@/server/infra/mail/list-local-outbox";
import { resetMailer } from "@/server/infra/mail/mailer";
import { uniqueEmail } from "../helpers/factories";

const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM, NODE_ENV: process.env.NODE_ENV };

function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete (process.env as Record<string, string | undefined>)[k];
    else (process.env as Record<string, string | undefined>)[k] = v;
  }
  resetEnvCache();
  resetMailer();
}

afterEach(() => setEnv(saved));

describe("the local mail outbox page", () => {
  it("lists the confirmation mail of a sign-up, newest first, with its link, on the embedded default", async () => {
    setEnv({ SMTP_URL: undefined, MAIL_FROM: undefined, NODE_ENV: "test" });
    const email = uniqueEmail("outbox");
    await signUp({ name: "Olga", email, password: "olga-pass-1234" });
    const mails = await listLocalOutbox();
    expect(mails).not.toBeNull();
    const mine = mails!.find((m) => m.to === email);
    expect(mine?.subject).toBe("Confirm your email for Leadline");
    expect(mine?.text).toMatch(/\/confirm-email\?token=[A-Za-z0-9_-]{43}/);
    expect(mails![0]!.createdAt.getTime()).toBeGreaterThanOrEqual(mails!.at(-1)!.createdAt.getTime());
  });

  it("does not exist in production, where the outbox holds real people's links", async () => {
    setEnv({ SMTP_URL: undefined, MAIL_FROM: undefined, NODE_ENV: "production" });
    expect(await listLocalOutbox()).toBeNull();
  });

  it("does not exist with a mail server configured (mails are delivered)", async () => {
    setEnv({ SMTP_URL: "smtp://127.0.0.1:9", MAIL_FROM: "Leadline <no-reply@example.test>", NODE_ENV: "test" });
    expect(await listLocalOutbox()).toBeNull();
  });
});

describe("old local-outbox mails", () => {
  it("are deleted by the retention job after a week; newer ones stay", async () => {
    const { db } = await import("@/server/infra/db/client");
    const { encrypt } = await import("@/server/infra/crypto/field-crypto");
    const { runRetentionJob } = await import("@/server/privacy/apply-retention");
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const mail = (id: string, createdAt: Date) => ({ id, toEnc: encrypt("a@example.test"), subject: "Confirm", textEnc: encrypt("link"), createdAt });
    await db().mailOutbox.createMany({ data: [mail(`old-${now.getTime()}`, at(8)), mail(`new-${now.getTime()}`, at(6))] });
    await runRetentionJob({ now });
    const left = await db().mailOutbox.findMany({ where: { id: { in: [`old-${now.getTime()}`, `new-${now.getTime()}`] } }, select: { id: true } });
    expect(left.map((m) => m.id)).toEqual([`new-${now.getTime()}`]);
  });
});
