import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";

/**
 * A small SMTP server speaking the real wire protocol (RFC 5321: EHLO, AUTH PLAIN/LOGIN, MAIL,
 * RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT), for tests of the SMTP mail port. No TLS:
 * STARTTLS is not offered, so clients stay in plain text on this loopback connection.
 */
export type ReceivedMail = { from: string; to: string[]; data: string; authUser: string | null };

export type SmtpFakeOptions = {
  /** Required credentials; unset accepts mail without AUTH. */
  auth?: { user: string; pass: string };
  /** Accept connections but never greet (a server that hangs). */
  silent?: boolean;
};

export type SmtpFake = {
  port: number;
  url: (creds?: { user: string; pass: string }) => string;
  received: ReceivedMail[];
  /** Answer RCPT TO with this status (e.g. 451 or 550) until cleared with null. */
  rejectRecipients(status: number | null): void;
  close(): Promise<void>;
};

type Session = { from: string | null; to: string[]; authUser: string | null; mode: "command" | "data" | "auth-plain" | "auth-login-user" | "auth-login-pass"; buffer: string; data: string[]; loginUser: string };

export async function startSmtpFake(opts: SmtpFakeOptions = {}): Promise<SmtpFake> {
  const received: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  let rcptStatus: number | null = null;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    if (opts.silent) return;
    const s: Session = { from: null, to: [], authUser: null, mode: "command", buffer: "", data: [], loginUser: "" };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const checkAuth = (user: string, pass: string) => {
      if (opts.auth && user === opts.auth.user && pass === opts.auth.pass) {
        s.authUser = user;
        reply("235 2.7.0 Authentication successful");
      } else reply("535 5.7.8 Authentication credentials invalid");
      s.mode = "command";
    };
    reply("220 fake-smtp.test ESMTP ready");

    socket.on("data", (chunk) => {
      s.buffer += chunk.toString("utf8");
      let index: number;
      while ((index = s.buffer.indexOf("\r\n")) >= 0) {
        const line = s.buffer.slice(0, index);
        s.buffer = s.buffer.slice(index + 2);
        if (s.mode === "data") {
          if (line === ".") {
            received.push({ from: s.from ?? "", to: s.to, data: s.data.join("\r\n"), authUser: s.authUser });
            s.from = null;
            s.to = [];
            s.data = [];
            s.mode = "command";
            reply("250 2.0.0 OK queued");
          } else s.data.push(line.startsWith("..") ? line.slice(1) : line);
          continue;
        }
        if (s.mode === "auth-plain") {
          const [, user = "", pass = ""] = Buffer.from(line, "base64").toString("utf8").split("\0");
          checkAuth(user, pass);
          continue;
        }
        if (s.mode === "auth-login-user") {
          s.loginUser = Buffer.from(line, "base64").toString("utf8");
          s.mode = "auth-login-pass";
          reply("334 UGFzc3dvcmQ6");
          continue;
        }
        if (s.mode === "auth-login-pass") {
          checkAuth(s.loginUser, Buffer.from(line, "base64").toString("utf8"));
          continue;
        }
        const [verb = "", ...rest] = line.split(" ");
        const arg = rest.join(" ");
        switch (verb.toUpperCase()) {
          case "EHLO":
            reply("250-fake-smtp.test");
            if (opts.auth) reply("250-AUTH PLAIN LOGIN");
            reply("250 8BITMIME");
            break;
          case "HELO":
            reply("250 fake-smtp.test");
            break;
          case "AUTH": {
            const [mech = "", initial] = arg.split(" ");
            if (mech.toUpperCase() === "PLAIN") {
              if (initial) {
                const [, user = "", pass = ""] = Buffer.from(initial, "base64").toString("utf8").split("\0");
                checkAuth(user, pass);
              } else {
                s.mode = "auth-plain";
                reply("334 ");
              }
            } else if (mech.toUpperCase() === "LOGIN") {
              s.mode = "auth-login-user";
              reply("334 VXNlcm5hbWU6");
            } else reply("504 5.5.4 Unrecognized authentication type");
            break;
          }
          case "MAIL":
            if (opts.auth && !s.authUser) {
              reply("530 5.7.0 Authentication required");
              break;
            }
            s.from = /<([^>]*)>/.exec(arg)?.[1] ?? "";
            reply("250 2.1.0 OK");
            break;
          case "RCPT":
            if (rcptStatus !== null) {
              reply(`${rcptStatus} ${rcptStatus >= 500 ? "5.1.1 Mailbox unavailable" : "4.3.0 Try again later"}`);
              break;
            }
            s.to.push(/<([^>]*)>/.exec(arg)?.[1] ?? "");
            reply("250 2.1.5 OK");
            break;
          case "DATA":
            if (!s.from || s.to.length === 0) {
              reply("503 5.5.1 Bad sequence of commands");
              break;
            }
            s.mode = "data";
            reply("354 End data with <CR><LF>.<CR><LF>");
            break;
          case "RSET":
            s.from = null;
            s.to = [];
            reply("250 2.0.0 OK");
            break;
          case "NOOP":
            reply("250 2.0.0 OK");
            break;
          case "QUIT":
            reply("221 2.0.0 Bye");
            socket.end();
            break;
          default:
            reply("502 5.5.2 Command not recognized");
        }
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("smtp fake did not get a port");

  return {
    port: address.port,
    url: (creds) => (creds ? `smtp://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.pass)}@127.0.0.1:${address.port}` : `smtp://127.0.0.1:${address.port}`),
    received,
    rejectRecipients(status) {
      rcptStatus = status;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The decoded text body of a received mail (nodemailer sends quoted-printable or 7bit). */
export function textOf(mail: ReceivedMail): string {
  const [, ...bodyParts] = mail.data.split("\r\n\r\n");
  const body = bodyParts.join("\r\n\r\n");
  return body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A header of a received mail (first occurrence, unfolded). */
export function headerOf(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.data.split("\r\n\r\n")[0] ?? "";
  const unfolded = head.replace(/\r\n[ \t]+/g, " ");
  const match = new RegExp(`^${name}:\\s*(.*)$`, "im").exec(unfolded);
  return match?.[1];
}
