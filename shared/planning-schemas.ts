// What the planning API accepts (issue 11): programmes and their lines written by logistics
// officers, budget ceilings written by finance, comparisons and exports. The server parses with
// these; the client's forms and grid cells reuse them for the same Spanish messages.
import { z } from 'zod';
import { idParamsSchema } from './api-schemas.ts';
import { budgetCategories, budgetCategoryLabels, channels, fiscalYears, processes, programmeStatuses, programmeStatusLabels, segments } from './domain.ts';
import { chooseOneOf } from './api-schemas.ts';
import {
  amountSchema,
  channelSchema,
  checkLineRules,
  fiscalYearSchema,
  onceValid,
  processSchema,
  programmeInputSchema,
  quantitySchema,
  segmentSchema,
  unitPriceSchema,
} from './write-schemas.ts';

const id = idParamsSchema.shape.id;
const version = z.number({ message: 'Indique la versión que editó' }).int().min(1).max(2_147_483_647);
const atLeastOneChange = { message: 'Indique al menos un cambio' };

/** Lines one bulk request names by id: what fits in the 100 kB JSON body; a filter selects more. */
export const MAX_BULK_LINE_IDS = 10_000;

/** A new programme: empty, or a copy of every line of `copyFrom`. */
export const programmeCreateSchema = programmeInputSchema.extend({
  copyFrom: id.optional(),
});
export type ProgrammeCreateInput = z.input<typeof programmeCreateSchema>;

export const programmeStatusSchema = z.enum(programmeStatuses, chooseOneOf(programmeStatusLabels));

/** A change to a programme made on `version`: rename, fiscal year, status. */
export const programmePatchSchema = z
  .strictObject({
    version,
    name: programmeInputSchema.shape.name.optional(),
    fiscalYear: fiscalYearSchema.optional(),
    status: programmeStatusSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 1, atLeastOneChange);
export type ProgrammePatch = z.output<typeof programmePatchSchema>;

/** One line added to a programme (POST /api/programmes/:id/lines); the rules of lineInputSchema. */
export { lineInputSchema as lineCreateSchema } from './write-schemas.ts';

/**
 * A change to a line made on `version`. The line as it would be after it is checked as a whole
 * (checkLineRules) by the server once merged; the client can run `mergedLineSchema` on the row.
 */
export const linePatchSchema = z
  .strictObject({
    version,
    channel: channelSchema.optional(),
    segment: segmentSchema.nullable().optional(),
    process: processSchema.optional(),
    quantity: quantitySchema.nullable().optional(),
    unitPrice: unitPriceSchema.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 1, atLeastOneChange);
export type LinePatch = z.output<typeof linePatchSchema>;

/** A line's editable fields together, as they would be stored: the grid validates a row with it. */
export const mergedLineSchema = z
  .object({
    channel: channelSchema,
    segment: segmentSchema.nullable(),
    process: processSchema,
    quantity: quantitySchema.nullable(),
    unitPrice: unitPriceSchema.nullable(),
  })
  .superRefine(checkLineRules, onceValid);
export type MergedLine = z.output<typeof mergedLineSchema>;

/** ?version= on a delete: when given, a record changed since is not deleted (409 with it). */
export const versionQuerySchema = z.strictObject({
  version: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
});

export const lineParamsSchema = z.object({
  id,
  lineId: id,
});

/** Which lines a bulk request is about: by id, or as the lines list filters them. */
export const lineFilterSchema = z.strictObject({
  channel: z.enum(channels).optional(),
  segment: z.enum(segments).optional(),
  process: z.enum(processes).optional(),
  q: z.string().trim().max(200).optional(),
});
export type LineFilter = z.output<typeof lineFilterSchema>;

/** Move many lines to a channel / segment / process, or delete them: all or nothing. */
export const bulkLinesSchema = z
  .strictObject({
    lineIds: z.array(id).min(1, 'Seleccione al menos una línea').max(MAX_BULK_LINE_IDS).optional(),
    filter: lineFilterSchema.optional(),
    set: z
      .strictObject({
        channel: channelSchema.optional(),
        segment: segmentSchema.nullable().optional(),
        process: processSchema.optional(),
      })
      .refine((set) => Object.keys(set).length > 0, atLeastOneChange)
      .optional(),
    delete: z.literal(true).optional(),
  })
  .superRefine((bulk, ctx) => {
    if ((bulk.lineIds === undefined) === (bulk.filter === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['lineIds'], message: 'Indique las líneas (lineIds) o un filtro (filter), uno de los dos' });
    }
    if ((bulk.set === undefined) === (bulk.delete === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['set'], message: 'Indique qué cambiar (set) o eliminar (delete), uno de los dos' });
    }
    const set = bulk.set;
    if (set?.channel === 'minsa_corporate' && !set.segment) {
      ctx.addIssue({ code: 'custom', path: ['set', 'segment'], message: 'La Compra Corporativa MINSA lleva segmento' });
    }
    if (set?.channel === 'essalud' && set.segment) {
      ctx.addIssue({ code: 'custom', path: ['set', 'segment'], message: 'La Compra EsSalud no lleva segmento' });
    }
    if (set && set.channel === undefined && set.segment === null) {
      ctx.addIssue({ code: 'custom', path: ['set', 'segment'], message: 'Solo una línea de la Compra EsSalud va sin segmento: indique el canal' });
    }
  }, onceValid);
export type BulkLinesInput = z.output<typeof bulkLinesSchema>;

export const budgetParamsSchema = z.object({
  fiscalYear: z.coerce.number().int().min(fiscalYears.min).max(fiscalYears.max),
  category: z.enum(budgetCategories, chooseOneOf(budgetCategoryLabels)),
});

/** PUT /api/budgets/:fiscalYear/:category: without version it creates; with it, it replaces that version. */
export const budgetPutSchema = z.strictObject({
  amount: amountSchema,
  version: version.optional(),
});
export type BudgetPut = z.output<typeof budgetPutSchema>;

/** A page of each of the three lists (a changed pair is two lines): well under 1 MB of JSON. */
export const MAX_COMPARE_PAGE_SIZE = 200;

export const compareQuerySchema = z.strictObject({
  base: z.coerce.number({ message: 'Indique el programa base' }).int().min(1).max(2_147_483_647),
  other: z.coerce.number({ message: 'Indique el programa a comparar' }).int().min(1).max(2_147_483_647),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_COMPARE_PAGE_SIZE).default(100),
});
export type CompareQuery = z.output<typeof compareQuerySchema>;

/**
 * A programme's export. CSV follows the app's locale, es-PE (comma between cells, decimal point);
 * `separator=semicolon` writes `;` between cells and decimal commas, for an Excel set to a
 * Spanish locale with decimal comma (es-ES). XLSX reads right everywhere.
 */
export const programmeExportQuerySchema = lineFilterSchema.extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  separator: z.enum(['comma', 'semicolon']).default('comma'),
});
export type ProgrammeExportQuery = z.output<typeof programmeExportQuerySchema>;
