import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_USERS } from "@/server/demo/demo-content";
import { seedDemoWorkspace } from "@/server/demo/seed-demo-workspace";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

function dumpDatabase(): string {
  return execFileSync("pg_dump", ["--data-only", "--no-owner", process.env.MIGRATE_DATABASE_URL!], { maxBuffer: 512 * 1024 * 1024 }).toString("utf8");
}

describe("encryption at rest", () => {
  it("seeds idempotently and leaves no plaintext PII, password or token in a dump", async () => {
    const first = await seedDemoWorkspace();
    const second = await seedDemoWorkspace();
    expect(second.created).toBe(false);
    expect(first.users).toHaveLength(3);

    const { workspaceId, members } = await createWorkspaceWithTeam("Dumped");
    const invitee = "priya.sharma+leads@example.org";
    const { link } = await callerFor(members.ADMIN.userId, workspaceId).invitations.create({ email: invitee, role: "AGENT" });
    const secret = link.split(".").at(-1)!;

    const dump = dumpDatabase();
    expect(dump).toContain("ws_demo_workspace"); // the dump really has the data
    const forbidden = [
      ...DEMO_USERS.flatMap((u) => [u.email, u.name]),
      DEMO_PASSWORD,
      members.ADMIN.email,
      "Test admin",
      invitee,
      secret,
    ];
    for (const value of forbidden) expect({ value, found: dump.includes(value) }).toEqual({ value, found: false });
  });
});
