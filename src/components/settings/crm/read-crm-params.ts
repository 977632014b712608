/** What the CRM OAuth callback's redirect asks Settings -> CRM to show. */
export type CrmPageParams = { kind: "connected"; provider: string } | { kind: "error"; code: string } | { kind: "none" };

type SearchParams = Record<string, string | string[] | undefined>;

const CONNECTED = /^(hubspot|salesforce|pipedrive)$/;
const ERROR_CODE = /^[a-z_]{1,40}$/;

const single = (value: string | string[] | undefined) => (typeof value === "string" ? value : null);

/** `?connected=<id>` -> a success notice; `?error=<code>` -> an error notice (an error wins). Anything else is ignored. */
export function readCrmParams(params: SearchParams): CrmPageParams {
  const error = single(params.error);
  if (error !== null) return { kind: "error", code: ERROR_CODE.test(error) ? error : "unknown" };
  const connected = single(params.connected);
  if (connected !== null && CONNECTED.test(connected)) return { kind: "connected", provider: connected };
  return { kind: "none" };
}
