import { readFileSync } from "node:fs";
import { TRPCError } from "@trpc/server";
import { describe, expect, it, vi } from "vitest";
import { readAutomationRules } from "@/server/automation/read-automation-rules";
import { withTenant } from "@/server/infra/db/tenant";
import { legacyAutomationRules, type AutomationRules } from "@/shared/automation/automation-rules";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

/** Settings -> Automation (issue 13, point 4): saving the rules, who may, and what is refused. */

const rules = (overrides: Partial<AutomationRules> = {}): AutomationRules => ({
  version: 1,
  intents: { sales: { mode: "draft", threshold: 0.8 }, support: { mode: "auto", threshold: 0.7 }, other: { mode: "off", threshold: 0.9 } },
  channels: [],
  quietHours: { enabled: true, start: "22:00", end: "07:00", timeZone: "Europe/Berlin" },
  ...overrides,
});

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (error) {
    return error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error);
  }
}

const stored = (workspaceId: string) => withTenant({ workspaceId }, (tx) => tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { automationRules: true } })).then((w) => w.automationRules);

async function demoChannelId(workspaceId: string) {
  return withTenant({ workspaceId }, (tx) => tx.channel.findFirstOrThrow({ where: { workspaceId, platform: "DEMO" }, select: { id: true } })).then((c) => c.id);
}

describe("workspace.automation", () => {
  it("shows a new workspace the rules it already had, derived from its threshold, until an admin saves", async () => {
    const team = await createWorkspaceWithTeam("Automation defaults");
    await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.workspace.update({ where: { id: team.workspaceId }, data: { autoReplyThreshold: 0.65 } }));
    const view = await callerFor(team.members.VIEWER.userId, team.workspaceId).workspace.automation();
    expect(view.saved).toBe(false);
    expect(view.rules).toEqual(legacyAutomationRules(0.65));
    expect(view.channels.map((c) => c.platform)).toContain("DEMO");
  });

  it("lets an admin save per-intent rules, a channel override and quiet hours, and audits the change", async () => {
    const team = await createWorkspaceWithTeam("Automation save");
    const admin = callerFor(team.members.ADMIN.userId, team.workspaceId);
    const channelId = await demoChannelId(team.workspaceId);
    const wanted = rules({ channels: [{ channelId, rules: { support: { mode: "auto", threshold: 0.9 } } }] });

    const saved = await admin.workspace.updateAutomation(wanted);
    expect(saved).toMatchObject({ saved: true, rules: wanted });
    expect(await stored(team.workspaceId)).toEqual(wanted);
    expect((await callerFor(team.members.AGENT.userId, team.workspaceId).workspace.automation()).rules).toEqual(wanted);

    const [entry] = await admin.audit.list();
    expect(entry).toMatchObject({
      action: "workspace.automation.update",
      metadata: { intents: { sales: "draft@0.8", support: "auto@0.7", other: "off@0.9" }, channelOverrides: 1, quietHours: "22:00-07:00 Europe/Berlin" },
    });
  });

  it("refuses agents, viewers and other workspaces' admins, changing nothing", async () => {
    const team = await createWorkspaceWithTeam("Automation roles");
    const outsider = await createWorkspaceWithTeam("Automation outsider");
    for (const role of ["AGENT", "VIEWER"] as const) {
      expect(await failure(callerFor(team.members[role].userId, team.workspaceId).workspace.updateAutomation(rules()))).toMatch(/^FORBIDDEN/);
    }
    expect(await failure(callerFor(outsider.members.ADMIN.userId, team.workspaceId).workspace.updateAutomation(rules()))).toMatch(/^(FORBIDDEN|NOT_FOUND)/);
    expect(await failure(callerFor(null, team.workspaceId).workspace.updateAutomation(rules()))).toMatch(/^UNAUTHORIZED/);
    expect(await stored(team.workspaceId)).toBeNull();
  });

  it("refuses bad input with clear messages and keeps the saved rules", async () => {
    const team = await createWorkspaceWithTeam("Automation bad input");
    const other = await createWorkspaceWithTeam("Automation other channels");
    const admin = callerFor(team.members.ADMIN.userId, team.workspaceId);
    const good = rules();
    await admin.workspace.updateAutomation(good);
    const channelId = await demoChannelId(team.workspaceId);

    const cases: Array<[unknown, RegExp]> = [
      [{ ...good, quietHours: { ...good.quietHours, timeZone: "Europe/Atlantis" } }, /Unknown time zone/],
      [{ ...good, quietHours: { ...good.quietHours, timeZone: "+02:00" } }, /Unknown time zone/],
      [{ ...good, quietHours: { ...good.quietHours, end: "22:00" } }, /different start and end/],
      [{ ...good, intents: { ...good.intents, sales: { mode: "auto", threshold: 0.2 } } }, /at least 50%/],
      [{ ...good, channels: [{ channelId, rules: { sales: { mode: "auto" } } }] }, /A channel can only be stricter: sales is .{0,2}Draft only/],
      [{ ...good, intents: { ...good.intents, support: { mode: "sometimes", threshold: 0.8 } } }, /Choose auto-send, draft only or off/],
    ];
    for (const [input, message] of cases) {
      const result = await failure(admin.workspace.updateAutomation(input as AutomationRules));
      expect(result).toMatch(/^BAD_REQUEST/);
      expect(result).toMatch(message);
    }
    // An override naming another workspace's channel.
    const foreign = await demoChannelId(other.workspaceId);
    expect(await failure(admin.workspace.updateAutomation({ ...good, channels: [{ channelId: foreign, rules: { sales: { mode: "off" } } }] }))).toMatch(
      /^BAD_REQUEST: A channel override names a channel that is not connected to this workspace/,
    );
    expect(await stored(team.workspaceId)).toEqual(good);
    // A "spam" rule is not part of the schema: dropped, never stored (spam is never answered).
    await admin.workspace.updateAutomation({ ...good, intents: { ...good.intents, spam: { mode: "auto", threshold: 0.9 } } } as AutomationRules);
    expect(await stored(team.workspaceId)).toEqual(good);
  });

  it("keeps the rules as they were when the database write fails", async () => {
    const team = await createWorkspaceWithTeam("Automation db down");
    const admin = callerFor(team.members.ADMIN.userId, team.workspaceId);
    const audit = await import("@/server/audit/record-audit");
    const spy = vi.spyOn(audit, "recordAudit").mockRejectedValueOnce(new Error("database unavailable"));
    try {
      expect(await failure(admin.workspace.updateAutomation(rules()))).toMatch(/^INTERNAL_SERVER_ERROR/);
    } finally {
      spy.mockRestore();
    }
    expect(await stored(team.workspaceId)).toBeNull();
  });

  it("migrates a workspace's old switch and threshold into rules that decide the same (the migration's UPDATE)", async () => {
    const sql = readFileSync(new URL("../../prisma/migrations/20261130003300_automation_rules/migration.sql", import.meta.url), "utf8");
    const update = sql.slice(sql.indexOf("UPDATE"));
    const team = await createWorkspaceWithTeam("Automation migration");
    await withTenant({ workspaceId: team.workspaceId }, async (tx) => {
      await tx.workspace.update({ where: { id: team.workspaceId }, data: { autoReplyThreshold: 0.72 } });
      // Row-level security confines the statement to this workspace.
      await tx.$executeRawUnsafe(update);
    });
    const row = await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.workspace.findUniqueOrThrow({ where: { id: team.workspaceId } }));
    expect(row.automationRules).toEqual(legacyAutomationRules(0.72));
    expect(readAutomationRules(row)).toEqual(legacyAutomationRules(0.72));
  });
});
