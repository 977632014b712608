import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * A local OpenID Connect provider (Keycloak / Auth0 style) speaking the real protocol: discovery,
 * the authorization endpoint (no login page: it signs in whoever the test says is next), the
 * token endpoint (client secret, PKCE S256 check, RS256-signed ID token) and JWKS. The claims,
 * `email_verified` included, are what the test puts in `nextLogin`.
 */
export type OidcPerson = { sub: string; email?: string; email_verified?: unknown; name?: string };

export type OidcFake = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the authorization endpoint signs in next. */
  nextLogin: OidcPerson | null;
  close(): Promise<void>;
};

type Grant = { person: OidcPerson; clientId: string; redirectUri: string; challenge: string | null; nonce: string | null };

const b64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

function signJwt(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(signature)}`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export async function startOidcFake(): Promise<OidcFake> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(6).toString("hex");
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, OidcPerson>();
  const state: { issuer: string; nextLogin: OidcPerson | null } = { issuer: "", nextLogin: null };
  const clientId = `leadline-${randomBytes(4).toString("hex")}`;
  const clientSecret = randomBytes(24).toString("base64url");

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", state.issuer);
      const path = url.pathname.replace(/^\/realms\/test/, "");
      if (path === "/.well-known/openid-configuration") {
        return json(res, 200, {
          issuer: state.issuer,
          authorization_endpoint: `${state.issuer}/protocol/openid-connect/auth`,
          token_endpoint: `${state.issuer}/protocol/openid-connect/token`,
          userinfo_endpoint: `${state.issuer}/protocol/openid-connect/userinfo`,
          jwks_uri: `${state.issuer}/protocol/openid-connect/certs`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
          code_challenge_methods_supported: ["S256"],
          scopes_supported: ["openid", "email", "profile"],
        });
      }
      if (path === "/protocol/openid-connect/certs") return json(res, 200, { keys: [jwk] });
      if (path === "/protocol/openid-connect/auth") {
        const person = state.nextLogin;
        const redirectUri = url.searchParams.get("redirect_uri") ?? "";
        if (!person || url.searchParams.get("client_id") !== clientId || url.searchParams.get("response_type") !== "code") {
          return json(res, 400, { error: "invalid_request" });
        }
        const code = randomBytes(16).toString("base64url");
        grants.set(code, { person, clientId, redirectUri, challenge: url.searchParams.get("code_challenge"), nonce: url.searchParams.get("nonce") });
        const back = new URL(redirectUri);
        back.searchParams.set("code", code);
        const st = url.searchParams.get("state");
        if (st) back.searchParams.set("state", st);
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (path === "/protocol/openid-connect/token" && req.method === "POST") {
        const form = await readForm(req);
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
        const [id, secret] = basic
          ? Buffer.from(basic, "base64").toString("utf8").split(":").map((p) => decodeURIComponent(p))
          : [form.get("client_id"), form.get("client_secret")];
        if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: "invalid_client" });
        const grant = grants.get(form.get("code") ?? "");
        grants.delete(form.get("code") ?? "");
        if (!grant || grant.redirectUri !== form.get("redirect_uri")) return json(res, 400, { error: "invalid_grant" });
        const verifier = form.get("code_verifier");
        if (grant.challenge && (!verifier || b64url(createHash("sha256").update(verifier).digest()) !== grant.challenge)) {
          return json(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
        }
        const now = Math.floor(Date.now() / 1000);
        const accessToken = randomBytes(24).toString("base64url");
        tokens.set(accessToken, grant.person);
        const idToken = signJwt(
          { iss: state.issuer, aud: clientId, iat: now, exp: now + 300, ...(grant.nonce ? { nonce: grant.nonce } : {}), ...grant.person },
          privateKey,
          kid,
        );
        return json(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: 300, id_token: idToken, scope: "openid email profile" });
      }
      if (path === "/protocol/openid-connect/userinfo") {
        const person = tokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "");
        return person ? json(res, 200, person) : json(res, 401, { error: "invalid_token" });
      }
      return json(res, 404, { error: "not_found" });
    })().catch(() => json(res, 500, { error: "server_error" }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("oidc fake did not get a port");
  state.issuer = `http://127.0.0.1:${address.port}/realms/test`;

  return {
    issuer: state.issuer,
    clientId,
    clientSecret,
    get nextLogin() {
      return state.nextLogin;
    },
    set nextLogin(person: OidcPerson | null) {
      state.nextLogin = person;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
