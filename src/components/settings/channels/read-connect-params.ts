/** What the OAuth callback's redirect asks the Channels page to show. */
export type ConnectParams = { kind: "pick"; flowId: string } | { kind: "error"; code: string } | { kind: "none" };

type SearchParams = Record<string, string | string[] | undefined>;

/** Flow ids are our own ids; anything else in the URL is ignored rather than sent to the API. */
const FLOW_ID = /^[A-Za-z0-9_-]{1,128}$/;
const ERROR_CODE = /^[a-z_]{1,40}$/;

function single(value: string | string[] | undefined): string | null {
  return typeof value === "string" ? value : null;
}

/** `?connect=<flowId>` -> the account picker; `?error=<code>` -> an error notice (an error wins over a flow). */
export function readConnectParams(params: SearchParams): ConnectParams {
  const error = single(params.error);
  if (error !== null) return { kind: "error", code: ERROR_CODE.test(error) ? error : "unknown" };
  const flowId = single(params.connect);
  if (flowId !== null && FLOW_ID.test(flowId)) return { kind: "pick", flowId };
  return { kind: "none" };
}
