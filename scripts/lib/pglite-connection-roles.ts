import type { PGlite } from "@electric-sql/pglite";
import { encodeFatalError, ParameterStatusReader, readStartupParameters } from "./pglite-wire-messages";

/**
 * Per-connection roles on PGlite's single backend session. PGlite authenticates nobody and
 * every socket connection shares one session, which starts as the superuser: left alone, an
 * app connecting as `leadline_app` would run as the superuser and row-level security would
 * not apply. This keeps each connection's login role (the StartupMessage's `user`) and, at an
 * idle boundary before that connection's next message, switches the session to it with
 * SET SESSION AUTHORIZATION (through PGlite's JS API, not the wire). A role that does not
 * exist, or may not log in, is refused as PostgreSQL refuses it.
 *
 * A connection may change its own authorization only where PostgreSQL would let it (its login
 * role is a superuser); a non-superuser connection that changes it is closed, and the session
 * is switched back before anyone else runs.
 */

type Connection = { loginRole: string; superuser: boolean; role: string };

/** Fails one connection; `response` is written to it first. */
export class ConnectionRefusedError extends Error {
  constructor(
    message: string,
    readonly response?: Uint8Array,
  ) {
    super(message);
    this.name = "ConnectionRefusedError";
  }
}

export type ConnectionRoles = ReturnType<typeof createConnectionRoles>;

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function createConnectionRoles(db: PGlite) {
  const connections = new Map<number, Connection>();
  /** The session's authorization as far as we know; null when it must be set before use. */
  let sessionRole: string | null = null;
  let reader: ParameterStatusReader | null = null;

  async function login(user: string | undefined): Promise<Connection> {
    if (!user) throw refused("28000", "no user given in the startup message");
    const { rows } = await db.query<{ rolsuper: boolean; rolcanlogin: boolean }>(
      "SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = $1",
      [user],
    );
    const role = rows[0];
    if (!role) {
      throw refused("28000", `role "${user}" does not exist`, "The embedded database has the owner \"postgres\" and the roles the migrations create (the app connects as leadline_app once they ran).");
    }
    if (!role.rolcanlogin) throw refused("28000", `role "${user}" is not permitted to log in`);
    return { loginRole: user, superuser: role.rolsuper, role: user };
  }

  async function switchTo(role: string): Promise<void> {
    sessionRole = null; // unknown until the switch is known to have happened
    await db.exec(`SET SESSION AUTHORIZATION ${quoteIdent(role)}`);
    sessionRole = role;
  }

  return {
    /**
     * Before a message of `handlerId` runs. `idle` says no connection owns the session (no
     * extended-protocol exchange or transaction under way): the only moment a switch is safe.
     */
    async beforeMessage(handlerId: number, message: Uint8Array, idle: boolean): Promise<void> {
      const startup = readStartupParameters(message);
      if (startup) connections.set(handlerId, await login(startup.get("user")));
      const connection = connections.get(handlerId);
      if (!connection) throw refused("08P01", "the embedded database expected a startup message first");
      if (sessionRole !== connection.role) {
        if (!idle || db.isInTransaction()) {
          throw new ConnectionRefusedError(`the session's role changed inside a transaction of connection #${handlerId}; closing it`);
        }
        try {
          await switchTo(connection.role);
        } catch (error) {
          throw refused("28000", `cannot run as role "${connection.role}": ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      reader = new ParameterStatusReader();
    },

    /** Everything the backend answered to the current message. */
    observe(data: Uint8Array): void {
      reader?.feed(data);
    },

    /** After the current message of `handlerId`: notices a change of the session's authorization. */
    afterMessage(handlerId: number): void {
      const values = reader?.valuesOf("session_authorization") ?? [];
      reader = null;
      const last = values.at(-1);
      if (last === undefined) return;
      const connection = connections.get(handlerId);
      if (connection?.superuser) {
        connection.role = last; // as PostgreSQL allows a superuser's session
        sessionRole = last;
        return;
      }
      if (values.every((value) => value === connection?.role)) return;
      sessionRole = null; // switched back before any other message runs
      throw new ConnectionRefusedError(`connection #${handlerId} (role "${connection?.loginRole}") changed its session authorization; closing it`);
    },

    /** The session was changed behind our back (a server-side ROLLBACK may undo a SET). */
    invalidate(): void {
      sessionRole = null;
    },

    forget(handlerId: number): void {
      connections.delete(handlerId);
    },
  };
}

function refused(code: string, message: string, hint?: string): ConnectionRefusedError {
  return new ConnectionRefusedError(message, encodeFatalError({ code, message, hint }));
}
