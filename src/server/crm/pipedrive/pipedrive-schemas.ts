/**
 * The parts of Pipedrive's answers Leadline reads (docs/crm/pipedrive.md, "Endpoints"). Every
 * answer is an envelope `{ success: true, data, additional_data }`; unknown fields pass.
 */
import { z } from "zod";

const envelope = <T extends z.ZodType, A extends z.ZodType>(data: T, additional: A) =>
  z.object({ success: z.literal(true), data, additional_data: additional.nullable().optional() });
const noExtra = z.unknown();

const cursorPage = z.object({ next_cursor: z.string().nullable().optional() }).passthrough();
const v1Page = z.object({ pagination: z.object({ more_items_in_collection: z.boolean().optional(), next_start: z.number().int().optional() }).passthrough().optional() }).passthrough();

export const userMeAnswer = envelope(
  z.object({ id: z.number().int(), name: z.string().optional(), company_id: z.number().int().optional(), company_name: z.string().optional(), company_domain: z.string().optional() }).passthrough(),
  noExtra,
);

export const personFieldSchema = z
  .object({ id: z.number().int(), key: z.string().min(1), name: z.string(), field_type: z.string(), mandatory_flag: z.union([z.boolean(), z.number()]).optional(), active_flag: z.boolean().optional() })
  .passthrough();
export type PersonField = z.infer<typeof personFieldSchema>;
export const personFieldsAnswer = envelope(z.array(personFieldSchema).nullable(), v1Page);
export const personFieldAnswer = envelope(personFieldSchema, noExtra);

export const personSchema = z.object({ id: z.number().int(), custom_fields: z.record(z.string(), z.unknown()).nullable().optional() }).passthrough();
export const personAnswer = envelope(personSchema, noExtra);
export const personsAnswer = envelope(z.array(personSchema).nullable(), cursorPage);

export const personSearchAnswer = envelope(
  z.object({
    items: z.array(z.object({ item: z.object({ id: z.number().int(), custom_fields: z.array(z.unknown()).nullable().optional() }).passthrough() }).passthrough()),
  }),
  cursorPage,
);

export const leadSchema = z.object({ id: z.string().min(1), person_id: z.number().int().nullable().optional() }).passthrough();
export const leadAnswer = envelope(leadSchema, noExtra);
export const leadsAnswer = envelope(z.array(leadSchema).nullable(), v1Page);

export const noteSchema = z.object({ id: z.number().int(), content: z.string().nullable().optional(), person_id: z.number().int().nullable().optional() }).passthrough();
export const noteAnswer = envelope(noteSchema, noExtra);
export const notesAnswer = envelope(z.array(noteSchema).nullable(), v1Page);

export const dealSchema = z
  .object({
    id: z.number().int(),
    person_id: z.number().int().nullable().optional(),
    status: z.string(),
    update_time: z.string(),
    won_time: z.string().nullable().optional(),
    lost_time: z.string().nullable().optional(),
  })
  .passthrough();
export type PipedriveDeal = z.infer<typeof dealSchema>;
export const dealsAnswer = envelope(z.array(dealSchema).nullable(), cursorPage);
