/**
 * Injectable faults per endpoint, shared by the Meta and X fakes. A fault is one-shot by
 * default (`times: 1`), or fires `times` times, or is sticky until cleared. Rules are
 * matched in the order they were injected; "*" matches every endpoint.
 */
export type Fault =
  /** Meta: Graph error 190. X: 401 Unauthorized. */
  | { kind: "auth" }
  /** Meta: Graph code 4/17/32/613 with usage headers. X: 429 with x-rate-limit-* (code ignored). */
  | { kind: "rate-limit"; code?: 4 | 17 | 32 | 613; resetInSeconds?: number }
  /** A 5xx answer (default 500). */
  | { kind: "server-error"; status?: number }
  /** Answer only after `delayMs` (default 30 s): longer than any sane client timeout. */
  | { kind: "timeout"; delayMs?: number };

export interface FaultOptions {
  /** How many requests it fires for (default 1). Ignored when sticky. */
  times?: number;
  /** Fires for every matching request until clear() is called. */
  sticky?: boolean;
}

interface Rule<Route extends string> {
  route: Route | "*";
  fault: Fault;
  remaining: number;
}

export interface FiredFault<Route extends string> {
  route: Route;
  fault: Fault;
  at: number;
}

export class FaultQueue<Route extends string> {
  private rules: Rule<Route>[] = [];
  /** Every fault that fired, in order. */
  readonly fired: FiredFault<Route>[] = [];

  inject(route: Route | "*", fault: Fault, options: FaultOptions = {}): void {
    const remaining = options.sticky ? Number.POSITIVE_INFINITY : Math.max(1, options.times ?? 1);
    this.rules.push({ route, fault, remaining });
  }

  /** Removes the rules for `route` (all rules when omitted). */
  clear(route?: Route | "*"): void {
    this.rules = route === undefined ? [] : this.rules.filter((rule) => rule.route !== route);
  }

  /** The fault this request must suffer, if any (and uses it up). */
  take(route: Route): Fault | undefined {
    const rule = this.rules.find((r) => r.route === route || r.route === "*");
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    this.fired.push({ route, fault: rule.fault, at: Date.now() });
    return rule.fault;
  }

  pending(): number {
    return this.rules.length;
  }
}
