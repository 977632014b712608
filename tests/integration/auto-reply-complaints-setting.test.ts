import { TRPCError } from "@trpc/server";
import { describe, expect, it, vi } from "vitest";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (error) {
    return error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error);
  }
}

describe("workspace setting autoReplyComplaints", () => {
  it("is off by default, can be turned on by an admin and is audited", async () => {
    const { workspaceId, members } = await createWorkspaceWithTeam("Complaints");
    const admin = callerFor(members.ADMIN.userId, workspaceId);
    expect((await admin.workspace.current()).settings.autoReplyComplaints).toBe(false);
    const saved = await admin.workspace.updateSettings({ autoReplyComplaints: true });
    expect(saved.autoReplyComplaints).toBe(true);
    expect((await admin.workspace.current()).settings.autoReplyComplaints).toBe(true);
    const [entry] = await admin.audit.list();
    expect(entry).toMatchObject({ action: "workspace.settings.update", metadata: { fields: ["autoReplyComplaints"] } });
  });

  it("refuses a value that is not a boolean and changes nothing", async () => {
    const { workspaceId, members } = await createWorkspaceWithTeam("Complaints bad input");
    const admin = callerFor(members.ADMIN.userId, workspaceId);
    expect(await failure(admin.workspace.updateSettings({ autoReplyComplaints: "yes" as unknown as boolean }))).toMatch(/^BAD_REQUEST/);
    expect((await admin.workspace.current()).settings.autoReplyComplaints).toBe(false);
  });

  it("is admin-only", async () => {
    const { workspaceId, members } = await createWorkspaceWithTeam("Complaints roles");
    for (const role of ["AGENT", "VIEWER"] as const) {
      const caller = callerFor(members[role].userId, workspaceId);
      expect(await failure(caller.workspace.updateSettings({ autoReplyComplaints: true }))).toMatch(/^FORBIDDEN/);
    }
    expect((await callerFor(members.ADMIN.userId, workspaceId).workspace.current()).settings.autoReplyComplaints).toBe(false);
  });

  it("reports a database failure as an error and leaves the setting as it was", async () => {
    const { workspaceId, members } = await createWorkspaceWithTeam("Complaints db down");
    const admin = callerFor(members.ADMIN.userId, workspaceId);
    const audit = await import("@/server/audit/record-audit");
    const spy = vi.spyOn(audit, "recordAudit").mockRejectedValueOnce(new Error("database unavailable"));
    expect(await failure(admin.workspace.updateSettings({ autoReplyComplaints: true }))).not.toBe("ok");
    spy.mockRestore();
    // The update and its audit entry share one transaction: nothing was written.
    expect((await admin.workspace.current()).settings.autoReplyComplaints).toBe(false);
  });
});
