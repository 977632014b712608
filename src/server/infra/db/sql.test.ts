import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspaceWithTeam } from "../../../../tests/helpers/factories";
import { disconnectDb } from "./client";
import { withTenantSql } from "./sql";

let workspaceId: string;

beforeAll(async () => {
  ({ workspaceId } = await createWorkspaceWithTeam("Raw SQL"));
});

afterAll(async () => {
  await disconnectDb();
});

type Settings = { workspace: string; user: string };
const settings = (scope: { workspaceId: string; userId?: string | null }) =>
  withTenantSql(scope, async (tx) => {
    const [row] = await tx.$queryRaw<Settings[]>`SELECT current_setting('app.workspace_id', true) AS workspace, current_setting('app.user_id', true) AS "user"`;
    return row!;
  });

describe("withTenantSql (BEGIN and the tenant settings in one round trip)", () => {
  it("sets the workspace and user for the transaction only", async () => {
    expect(await settings({ workspaceId, userId: "usr_1" })).toEqual({ workspace: workspaceId, user: "usr_1" });
    expect(await settings({ workspaceId })).toEqual({ workspace: workspaceId, user: "" });
  });

  it("sends quotes and backslashes as data, never as SQL", async () => {
    const odd = "ws'); SELECT set_config('app.workspace_id', 'other', false); --\\";
    expect(await settings({ workspaceId: odd, userId: "o'brien\\" })).toEqual({ workspace: odd, user: "o'brien\\" });
  });

  it("shows the workspace's rows under row-level security and rolls back when the work throws", async () => {
    const [visible] = await withTenantSql({ workspaceId }, (tx) => tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM workspaces`);
    expect(visible).toEqual({ id: workspaceId });
    await expect(
      withTenantSql({ workspaceId }, async (tx) => {
        await tx.$executeRaw`UPDATE workspaces SET name = 'Renamed' WHERE id = ${workspaceId}`;
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const [after] = await withTenantSql({ workspaceId }, (tx) => tx.$queryRaw<Array<{ name: string }>>`SELECT name FROM workspaces WHERE id = ${workspaceId}`);
    expect(after).toEqual({ name: "Raw SQL" });
  });

  it("runs atCommit statements in the COMMIT's round trip, literals as data, and rolls everything back when one fails", async () => {
    const odd = "Quote's \\ back'); DROP TABLE workspaces; --";
    await withTenantSql({ workspaceId }, async (tx) => {
      tx.atCommit(`UPDATE workspaces SET name = ${tx.literal(odd)} WHERE id = ${tx.literal(workspaceId)}`);
    });
    const name = () => withTenantSql({ workspaceId }, (tx) => tx.$queryRaw<Array<{ name: string }>>`SELECT name FROM workspaces WHERE id = ${workspaceId}`);
    expect(await name()).toEqual([{ name: odd }]);

    await expect(
      withTenantSql({ workspaceId }, async (tx) => {
        await tx.$executeRaw`UPDATE workspaces SET name = 'Renamed' WHERE id = ${workspaceId}`;
        tx.atCommit("SELECT 1 / 0");
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await name()).toEqual([{ name: odd }]);
    await withTenantSql({ workspaceId }, async (tx) => {
      tx.atCommit(`UPDATE workspaces SET name = 'Raw SQL' WHERE id = ${tx.literal(workspaceId)}`);
    });
  });
});
