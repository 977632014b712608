import pg from "pg";
import { dbPool } from "./client";
import type { TenantScope } from "./tenant";

/**
 * The raw-SQL surface both a Prisma transaction client and `SqlTx` offer: tagged templates
 * whose interpolations become bind parameters. Code written against it runs inside either.
 */
export interface RawSql {
  $queryRaw<T = unknown>(strings: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(strings: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
}

const TIMESTAMP_OID = 1114;
/** Prisma keeps UTC in `timestamp without time zone`; read it back as UTC whatever the process TZ. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? (value: string) => new Date(`${value.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Dates as UTC ISO strings (pg would send local time with an offset, which a `timestamp` cast drops). */
function toParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v instanceof Date ? v.toISOString() : v));
  return value;
}

/** `$1`, `$2`... for the template's interpolations. */
function compile(strings: TemplateStringsArray): string {
  return strings.reduce((sql, part, i) => (i === 0 ? part : `${sql}$${i}${part}`), "");
}

/**
 * A tenant transaction on a pooled pg connection for the message pipeline's hot path: the
 * batch statements without Prisma's per-query work. Statements stay unnamed: the embedded
 * PGlite server runs every connection in one session, where named ones would collide.
 */
export class SqlTx implements RawSql {
  /** Statements sent in the same round trip as COMMIT (`atCommit`). */
  readonly atCommitStatements: string[] = [];

  constructor(private readonly client: pg.PoolClient) {}

  /**
   * Runs `sql` just before COMMIT, in the same round trip (the simple query protocol takes
   * several statements at once; it takes no bind parameters, so values must be literals made
   * with `literal`). A failure fails the commit: the transaction rolls back and the caller throws.
   */
  atCommit(sql: string): void {
    this.atCommitStatements.push(sql);
  }

  /** A value as an escaped SQL literal, for `atCommit` statements (NULL for null). */
  literal(value: string | null): string {
    return value === null ? "NULL" : this.client.escapeLiteral(value);
  }

  async $queryRaw<T = unknown>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T> {
    const result = await this.client.query({ text: compile(strings), values: values.map(toParam), types });
    return result.rows as T;
  }

  async $executeRaw(strings: TemplateStringsArray, ...values: unknown[]): Promise<number> {
    const result = await this.client.query({ text: compile(strings), values: values.map(toParam), types });
    return result.rowCount ?? 0;
  }
}

/**
 * BEGIN and the row-level-security settings in one simple-protocol query: one round trip instead
 * of two, which matters for the small batches of moderate load (every transaction pays it).
 * The values are escaped literals because a query with bind parameters cannot hold two statements.
 */
function beginTenant(client: pg.PoolClient, scope: TenantScope): string {
  const workspaceId = client.escapeLiteral(scope.workspaceId);
  const userId = client.escapeLiteral(scope.userId ?? "");
  return `BEGIN; SELECT set_config('app.workspace_id', ${workspaceId}, true), set_config('app.user_id', ${userId}, true)`;
}

/**
 * `withTenant` for raw SQL: one transaction whose row-level-security tenant is the workspace.
 * Rolled back if `fn` throws; a connection that failed is discarded, not returned to the pool.
 */
export async function withTenantSql<T>(scope: TenantScope, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
  const client = await dbPool().connect();
  let broken: Error | undefined;
  try {
    await client.query(beginTenant(client, scope));
    const tx = new SqlTx(client);
    const result = await fn(tx);
    await client.query([...tx.atCommitStatements, "COMMIT"].join(";\n"));
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
