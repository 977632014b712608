import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_NAMES, describeAuditAction, describeAuditTarget } from "./audit-action-names";

const SRC = join(__dirname, "..", "..");
const CODE = /^[a-z][a-z_]*(?:\.[a-z][a-z_]*)+$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The expression after `action:` up to the comma or closing brace that ends it (ternaries included). */
function expressionAt(text: string, start: number): string {
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === "(" || c === "[" || c === "{") depth += 1;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) return text.slice(start, i);
      depth -= 1;
    } else if ((c === "," || c === ";" || c === "\n") && depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

/**
 * Every action code the code base writes to the audit log: the `action:` of audit entries
 * (literals, both arms of a ternary, `*_ACTION` constants) in files that write audit entries,
 * and the quoted codes inside raw `INSERT INTO audit_logs` statements. Anything else after
 * `action:` that is not a plain read (`entry.action`, `action: true` in a select) is reported,
 * so a computed code cannot slip past.
 */
function collectActionCodes() {
  const files = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, "utf8") }));
  const constants = new Map<string, string>();
  for (const { text } of files) for (const m of text.matchAll(/\bconst ([A-Z][A-Z0-9_]*ACTION[A-Z0-9_]*)\s*=\s*"([^"]+)"/g)) constants.set(m[1]!, m[2]!);

  const codes = new Map<string, string>();
  const unreadable: string[] = [];
  for (const { path, text } of files) {
    if (path.startsWith("shared/audit/")) continue;
    if (!/recordAudit|AuditEntry|INSERT INTO audit_logs/.test(text)) continue;
    for (const m of text.matchAll(/\baction:\s*/g)) {
      const expression = expressionAt(text, m.index + m[0].length).trim();
      const literals = [...expression.matchAll(/"([^"\\]*)"/g)].map((l) => l[1]!).filter((l) => CODE.test(l));
      const named = [...expression.matchAll(/\b[A-Z][A-Z0-9_]*ACTION[A-Z0-9_]*\b/g)].map((n) => constants.get(n[0]));
      for (const code of [...literals, ...named]) if (code) codes.set(code, path);
      const plainRead = /^(true|false|string|[\w.]+\.action|input\.\w+)$/.test(expression);
      if (literals.length === 0 && named.length === 0 && !plainRead) unreadable.push(`${path}: action: ${expression.slice(0, 60)}`);
      if (named.some((n) => n === undefined)) unreadable.push(`${path}: action: ${expression.slice(0, 60)} (constant not found)`);
    }
    for (const m of text.matchAll(/INSERT INTO audit_logs[^`]*/g)) {
      for (const l of m[0].matchAll(/'([^']*)'/g)) if (CODE.test(l[1]!)) codes.set(l[1]!, path);
    }
  }
  return { codes, unreadable };
}

describe("audit action names", () => {
  const { codes, unreadable } = collectActionCodes();

  it("finds the action codes of every way the code base writes audit entries", () => {
    // One of each kind: a literal, a ternary arm, a constant, raw SQL, a batch entry.
    for (const code of ["knowledge.create", "reply.edit_and_approve", "reply.approve", "privacy.contact.erase", "ai.reply.auto_send", "reply.sent", "crm.sync"]) {
      expect(codes.has(code), code).toBe(true);
    }
    expect(codes.size).toBeGreaterThan(40);
    expect(unreadable).toEqual([]);
  });

  it("has a readable name for every action code used", () => {
    const missing = [...codes].filter(([code]) => !AUDIT_ACTION_NAMES[code]).map(([code, path]) => `${code} (${path})`);
    expect(missing, "add these to AUDIT_ACTION_NAMES in src/shared/audit/audit-action-names.ts").toEqual([]);
  });

  it("reads unknown codes as words", () => {
    expect(describeAuditAction("knowledge.import")).toBe("Imported knowledge articles");
    expect(describeAuditAction("inbox.status_changed")).toBe("Inbox: status changed");
    expect(describeAuditAction("notifications.digest.sent")).toBe("Notifications: digest sent");
    expect(describeAuditAction("crm.token_refreshed")).toBe("CRM: token refreshed");
    expect(describeAuditAction("ai.tone.preview")).toBe("AI: tone preview");
    expect(describeAuditAction("automation")).toBe("Automation");
    expect(describeAuditAction("")).toBe("Unknown action");
    expect(describeAuditTarget("knowledge_article")).toBe("Knowledge article");
    expect(describeAuditTarget("automation_rule")).toBe("Automation rule");
  });
});
