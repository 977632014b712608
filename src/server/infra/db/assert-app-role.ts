import { AppError } from "../errors/app-error";

type Queryable = { query: (sql: string) => Promise<{ rows: Array<Record<string, unknown>> }> };

const FIX = "Connect DATABASE_URL as the non-bypass role leadline_app (the migrations create it) and give the owner to MIGRATE_DATABASE_URL (migrations and the embedded queue).";

/**
 * Refuses to run the app as a role that escapes row-level security. Tenant isolation rests on
 * RLS: as a superuser or a BYPASSRLS role every query would see every workspace. Checked at
 * start-up (and by scripts that run app code) on the app's own pool; there is no switch to
 * skip it.
 */
export async function assertAppRole(pool: Queryable): Promise<void> {
  let rows: Array<Record<string, unknown>>;
  try {
    ({ rows } = await pool.query("SELECT current_user AS role, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"));
  } catch (error) {
    throw new AppError("UNAVAILABLE", `Could not check the database role of DATABASE_URL (${describe(error)}). Is the database running and reachable?`);
  }
  const row = rows[0];
  if (!row) throw new AppError("INTERNAL", `DATABASE_URL connects as a role missing from pg_roles. ${FIX}`);
  const escapes = [row.rolsuper === true && "SUPERUSER", row.rolbypassrls === true && "BYPASSRLS"].filter(Boolean);
  if (escapes.length > 0) {
    throw new AppError("INTERNAL", `DATABASE_URL connects as "${String(row.role)}", which bypasses row-level security (${escapes.join(", ")}): every workspace would see every other's data. ${FIX}`);
  }
}

/** A connection failure in a few words; never the URL (it may hold a password). */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors[0] instanceof Error) return describe(error.errors[0]); // one per address tried
  if (error instanceof Error) return error.message || ("code" in error ? String(error.code) : error.name);
  return String(error);
}
