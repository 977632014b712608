/**
 * The HubSpot, Salesforce and Pipedrive fakes for `npm run dev`, so a newcomer can click
 * "Connect HubSpot" (etc.) on Settings -> CRM, pass the fake consent page and watch the demo
 * workspace's leads sync, with no CRM account. Each fake speaks its CRM's real wire format
 * (docs/crm/*.md); only the limits are raised, so a demo never waits on a rate limit.
 * The fakes keep everything in memory: after a restart their old tokens are unknown, so a
 * connection made earlier asks to be reconnected (as a revoked one would).
 * Standalone: `npx tsx tests/fakes/crm-demo.ts [app-url]` prints the env to export.
 */
import { startHubSpotFake, type HubSpotFake } from "./hubspot/server";
import { startPipedriveFake, type PipedriveFake } from "./pipedrive/server";
import { startSalesforceFake, type SalesforceFake } from "./salesforce/server";

/** Fixed by default (next to the Meta 4610 and X 4620 fakes) so a Salesforce `instance_url` or a
 * Pipedrive `api_domain` stored by an earlier run still points at the fake after a restart. */
export const CRM_DEMO_PORTS = { hubspot: 4630, salesforce: 4640, pipedrive: 4650 } as const;

export type CrmFakeName = keyof typeof CRM_DEMO_PORTS;

const CLIENT_ID_VARIABLE: Record<CrmFakeName, string> = {
  hubspot: "HUBSPOT_CLIENT_ID",
  salesforce: "SALESFORCE_CLIENT_ID",
  pipedrive: "PIPEDRIVE_CLIENT_ID",
};

/**
 * Which fakes `npm run dev` starts: each CRM whose client id is unset (empty counts as unset, as
 * in the env schema), none when FAKE_PLATFORMS is "false". A CRM with a real client keeps it.
 */
export function crmFakesToStart(env: Record<string, string | undefined>): CrmFakeName[] {
  if (env.FAKE_PLATFORMS === "false") return [];
  return (Object.keys(CLIENT_ID_VARIABLE) as CrmFakeName[]).filter((name) => !env[CLIENT_ID_VARIABLE[name]]);
}

export interface CrmDemoFakes {
  hubspot: HubSpotFake | null;
  salesforce: SalesforceFake | null;
  pipedrive: PipedriveFake | null;
  /** What the app reads to talk to the started fakes instead of the real CRMs. */
  env: Record<string, string>;
  /** One line for the dev server's console. */
  summary: string;
  close(): Promise<void>;
}

export interface CrmDemoOptions {
  /** The app's public URL: the fakes accept exactly its OAuth callbacks, as a registered app would. */
  appUrl: string;
  only?: readonly CrmFakeName[];
  /** Preferred ports (0: any free port). A taken preferred port falls back to a free one. */
  ports?: Partial<Record<CrmFakeName, number>>;
}

/** Preferred port, else any free one: a second checkout's dev server must not stop this one. */
async function onFreePort<T>(preferred: number, start: (port: number) => Promise<T>): Promise<T> {
  try {
    return await start(preferred);
  } catch (error) {
    if (preferred !== 0 && (error as NodeJS.ErrnoException).code === "EADDRINUSE") return start(0);
    throw error;
  }
}

function callbackUrl(appUrl: URL, id: CrmFakeName): string {
  return new URL(`/api/oauth/${id}/callback`, appUrl).toString();
}

function parseAppUrl(appUrl: string): URL {
  let url: URL;
  try {
    url = new URL(appUrl);
  } catch {
    throw new Error(`CRM fakes: the app URL must be an absolute http(s) URL (got "${appUrl}")`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`CRM fakes: the app URL must be http(s) (got ${url.protocol})`);
  return url;
}

export async function startCrmDemoFakes(options: CrmDemoOptions): Promise<CrmDemoFakes> {
  const appUrl = parseAppUrl(options.appUrl);
  const only = new Set(options.only ?? (Object.keys(CRM_DEMO_PORTS) as CrmFakeName[]));
  const port = (name: CrmFakeName) => options.ports?.[name] ?? CRM_DEMO_PORTS[name];
  const started: Array<{ close(): Promise<void> }> = [];
  const closeAll = async () => {
    await Promise.all(started.map((fake) => fake.close()));
  };
  const track = <T extends { close(): Promise<void> }>(fake: T): T => {
    started.push(fake);
    return fake;
  };

  try {
    // Generous limits: the app still paces itself to the real ones (100 / 10 s, 10 / s, 20 / 2 s).
    const hubspot = only.has("hubspot")
      ? track(await onFreePort(port("hubspot"), (p) => startHubSpotFake({ port: p, limits: { burst: 1_000, windowMs: 10_000, daily: null } })))
      : null;
    const salesforce = only.has("salesforce")
      ? track(await onFreePort(port("salesforce"), (p) => startSalesforceFake({ port: p, orgName: "Demo Coffee Co", dailyAllocation: 1_000_000, callbackUrls: [callbackUrl(appUrl, "salesforce")] })))
      : null;
    const pipedrive = only.has("pipedrive")
      ? track(await onFreePort(port("pipedrive"), (p) => startPipedriveFake({
        port: p, burst: 200, searchBurst: 100, dailyTokens: 10_000_000, redirectUris: [callbackUrl(appUrl, "pipedrive")],
        company: { userName: "Dana Demo", email: "dana@democoffee.example", companyName: "Demo Coffee Co", companyDomain: "democoffee" },
      })))
      : null;

    const env: Record<string, string> = {};
    const parts: string[] = [];
    if (hubspot) {
      Object.assign(env, {
        HUBSPOT_API_URL: hubspot.url,
        HUBSPOT_AUTH_URL: `${hubspot.url}/oauth/authorize`,
        HUBSPOT_CLIENT_ID: hubspot.store.clientId,
        HUBSPOT_CLIENT_SECRET: hubspot.store.clientSecret,
      });
      parts.push(`HubSpot (${hubspot.url})`);
    }
    if (salesforce) {
      Object.assign(env, { SALESFORCE_LOGIN_URL: salesforce.url, SALESFORCE_CLIENT_ID: salesforce.clientId, SALESFORCE_CLIENT_SECRET: salesforce.clientSecret });
      parts.push(`Salesforce (${salesforce.url})`);
    }
    if (pipedrive) {
      Object.assign(env, {
        PIPEDRIVE_API_URL: pipedrive.url,
        PIPEDRIVE_OAUTH_URL: pipedrive.url,
        PIPEDRIVE_CLIENT_ID: pipedrive.clientId,
        PIPEDRIVE_CLIENT_SECRET: pipedrive.clientSecret,
      });
      // The fake's API token is a fixed test value, not a credential: printing it lets the
      // newcomer try the token form as well as OAuth.
      parts.push(`Pipedrive (${pipedrive.url}, API token ${pipedrive.apiToken})`);
    }
    const summary = parts.length === 0
      ? "No CRM fakes started."
      : `Fake CRMs running: ${parts.join(", ")}: connect them under Settings -> CRM.`;
    return { hubspot, salesforce, pipedrive, env, summary, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const fakes = await startCrmDemoFakes({ appUrl: process.argv[2] ?? "http://localhost:3000" });
  for (const [key, value] of Object.entries(fakes.env)) console.log(`${key}=${value}`);
  console.error(fakes.summary);
  const stop = () => void fakes.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
