// What the procurement API accepts (issue 12): processes, their lines and awards, suppliers and
// the process rules. The server parses with these; the client's forms reuse them.
import { z } from 'zod';
import { chooseOneOf, idParamsSchema } from './api-schemas.ts';
import { fiscalYears, processes, processLabels } from './domain.ts';
import { processStatusLabels, processStatuses, rucProblem } from './procurement.ts';
import { amountSchema, channelSchema, onceValid, processSchema, quantitySchema, segmentSchema, unitPriceSchema } from './write-schemas.ts';
import { MAX_BULK_LINE_IDS } from './planning-schemas.ts';
import { compareMoney } from './money.ts';

const id = idParamsSchema.shape.id;
const version = z.number({ message: 'Indique la versión que editó' }).int().min(1).max(2_147_483_647);
const atLeastOneChange = { message: 'Indique al menos un cambio' };
const requiredText = (max: number) => z.string().trim().min(1, { message: 'Obligatorio', abort: true }).max(max);
const page = z.coerce.number().int().min(1).max(1_000_000).default(1);
const pageSize = (fallback: number, max = 200) => z.coerce.number().int().min(1).max(max).default(fallback);
/** A calendar date, yyyy-mm-dd, or null to clear it. */
const isoDate = z.iso.date({ message: 'Escriba una fecha como 2012-03-31' });

export const processParamsSchema = z.object({ processId: id });
export const processLineParamsSchema = z.object({ processId: id, lineId: id });

export const processStatusSchema = z.enum(processStatuses, chooseOneOf(processStatusLabels));

/** A process code as the registry writes it (`LP SIP 018-2011-DARES/MINSA`): unique within its programme, case aside. */
export const processCodeSchema = requiredText(80);

/** POST /api/programmes/:id/processes. Segment: required for MINSA corporate, absent for EsSalud. */
export const processCreateSchema = z
  .strictObject({
    code: processCodeSchema,
    title: requiredText(300),
    channel: channelSchema,
    segment: segmentSchema.nullish().transform((segment) => segment ?? null),
    type: processSchema,
  })
  .superRefine((input, ctx) => {
    if (input.channel === 'minsa_corporate' && !input.segment) {
      ctx.addIssue({ code: 'custom', path: ['segment'], message: 'La Compra Corporativa MINSA lleva segmento' });
    }
    if (input.channel === 'essalud' && input.segment) {
      ctx.addIssue({ code: 'custom', path: ['segment'], message: 'La Compra EsSalud no lleva segmento' });
    }
  }, onceValid);
export type ProcessCreateInput = z.input<typeof processCreateSchema>;

/** PATCH /api/processes/:processId: made on `version`; status only along processTransitions. */
export const processPatchSchema = z
  .strictObject({
    version,
    status: processStatusSchema.optional(),
    code: processCodeSchema.optional(),
    title: requiredText(300).optional(),
    calledOn: isoDate.nullable().optional(),
    awardedOn: isoDate.nullable().optional(),
    contractedOn: isoDate.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 1, atLeastOneChange);
export type ProcessPatch = z.output<typeof processPatchSchema>;

/** POST /api/processes/:processId/lines: assigns planned lines, all or nothing. */
export const assignLinesSchema = z.strictObject({
  lineIds: z.array(id).min(1, 'Seleccione al menos una línea').max(MAX_BULK_LINE_IDS),
});
export type AssignLinesInput = z.output<typeof assignLinesSchema>;

export const rucSchema = z
  .string()
  .trim()
  .superRefine((ruc, ctx) => {
    const problem = rucProblem(ruc);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const supplierNameSchema = requiredText(200);

/**
 * PATCH /api/processes/:processId/lines/:lineId: the reference price, and the award. A RUC not
 * yet known creates the supplier, with `supplierName`. Awarded quantity defaults to the line's.
 */
export const processLinePatchSchema = z
  .strictObject({
    version: version.optional(),
    referenceUnitPrice: unitPriceSchema.nullable().optional(),
    awardedUnitPrice: unitPriceSchema.nullable().optional(),
    awardedQuantity: quantitySchema.nullable().optional(),
    supplierRuc: rucSchema.nullable().optional(),
    supplierName: supplierNameSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).some((key) => key !== 'version'), atLeastOneChange);
export type ProcessLinePatch = z.output<typeof processLinePatchSchema>;

export const supplierCreateSchema = z.strictObject({ ruc: rucSchema, name: supplierNameSchema });
export type SupplierCreateInput = z.output<typeof supplierCreateSchema>;

export const suppliersQuerySchema = z.strictObject({ q: z.string().trim().max(200).optional(), page, pageSize: pageSize(50) });
export type SuppliersQuery = z.output<typeof suppliersQuerySchema>;

export const processesQuerySchema = z.strictObject({
  status: processStatusSchema.optional(),
  q: z.string().trim().max(200).optional(),
  page,
  pageSize: pageSize(50),
});
export type ProcessesQuery = z.output<typeof processesQuerySchema>;

/** A process's lines, or a supplier's awards: paged. */
export const pageQuerySchema = z.strictObject({ page, pageSize: pageSize(100, 500) });
export type PageQuery = z.output<typeof pageQuerySchema>;

export const savingsQuerySchema = z.strictObject({ page, pageSize: pageSize(100) });

// ---------------------------------------------------------------------------------------------
// Process rules, per fiscal year (admin)

export const ruleParamsSchema = z.object({ fiscalYear: z.coerce.number().int().min(fiscalYears.min).max(fiscalYears.max) });

/** Bounds of a process's reference value for its type; either may be absent. */
export const thresholdSchema = z
  .strictObject({
    type: z.enum(processes, chooseOneOf(processLabels)),
    minValue: amountSchema.nullable(),
    maxValue: amountSchema.nullable(),
  })
  .superRefine((threshold, ctx) => {
    if (threshold.minValue !== null && threshold.maxValue !== null && compareMoney(threshold.minValue, threshold.maxValue) > 0) {
      ctx.addIssue({ code: 'custom', path: ['maxValue'], message: 'El máximo no puede ser menor que el mínimo' });
    }
  }, onceValid);

/** PUT /api/process-rules/:fiscalYear: without version it creates the year's rules; with it, replaces that version. */
export const processRulesPutSchema = z
  .strictObject({
    version: version.optional(),
    /** Items marked "bien común" must be bought by reverse auction. */
    commonGoodsByReverseAuction: z.boolean(),
    thresholds: z.array(thresholdSchema).max(processes.length),
  })
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.thresholds.forEach((threshold, i) => {
      if (seen.has(threshold.type)) ctx.addIssue({ code: 'custom', path: ['thresholds', i, 'type'], message: 'Un umbral por tipo de proceso' });
      seen.add(threshold.type);
    });
  }, onceValid);
export type ProcessRulesPut = z.output<typeof processRulesPutSchema>;

export const ruleViolationsQuerySchema = z.strictObject({
  /** Only these lines' flags (the grid asks for the page it shows): comma-separated ids. */
  lineIds: z
    .string()
    .regex(/^\d{1,10}(,\d{1,10}){0,499}$/, 'Indique a lo sumo 500 ids separados por comas')
    .transform((text) => text.split(',').map(Number))
    // Ten digits would pass 2147483647, the largest id the database holds.
    .refine((ids) => ids.every((lineId) => lineId >= 1 && lineId <= 2_147_483_647), 'Cada id va de 1 a 2147483647')
    .optional(),
  page,
  pageSize: pageSize(100, 500),
});
export type RuleViolationsQuery = z.output<typeof ruleViolationsQuerySchema>;
