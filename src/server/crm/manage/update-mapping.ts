import type { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "../../audit/record-audit";
import type { CrmField, FieldMapping } from "../crm-connector";
import type { CrmActor } from "./crm-actor";
import { callCrm } from "./call-crm";
import { uiCallContext } from "./crm-ui-call";

/** The CRM's fields a mapping may point at (read-only; every member may look). */
export async function listCrmFields(actor: CrmActor, connectionId: string): Promise<CrmField[]> {
  return callCrm(actor, connectionId, (connector, creds) => connector.listFields(creds, uiCallContext));
}

/**
 * Saves a field mapping (already checked against LEADLINE_FIELDS by the router) after the
 * connector's `prepare` accepted it: a property that does not exist in the CRM is refused with
 * the CRM's wording and nothing is saved. Audited with the Leadline field names only.
 */
export async function updateCrmMapping(actor: CrmActor, connectionId: string, mapping: FieldMapping): Promise<{ mapping: FieldMapping }> {
  await callCrm(actor, connectionId, (connector, creds) => connector.prepare(creds, mapping, uiCallContext));
  await actor.tenant(async (tx) => {
    await tx.crmConnection.update({ where: { id: connectionId, workspaceId: actor.workspaceId }, data: { fieldMapping: mapping as Prisma.InputJsonObject } });
    await recordAudit(tx, actor.workspaceId, {
      actor: { type: "USER", id: actor.userId },
      action: "crm.mapping.update",
      target: { type: "crm_connection", id: connectionId },
      metadata: { fields: Object.keys(mapping).sort() },
    });
  });
  return { mapping };
}
