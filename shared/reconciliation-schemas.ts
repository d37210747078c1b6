// What the reconciliation API accepts (issue 13), shared by the routes, the OpenAPI document and
// the client's forms (same Spanish messages).
import { z } from 'zod';
// Configures zod first (Spanish messages, jitless: the client's CSP forbids zod's `new Function`).
import './api-schemas.ts';
import { channels, processes, segments } from './domain.ts';

/** The form fields sent with the file (multipart). */
export const executionImportFieldsSchema = z.strictObject({
  dryRun: z.enum(['true', 'false'], { message: 'dryRun: «true» (simular) o «false» (aplicar)' }).default('false'),
  /** Corrections from the user: heading → column key ('' to ignore it), as JSON. */
  mapping: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return undefined;
      try {
        return z.record(z.string().max(200), z.string().max(40)).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Debe ser un objeto JSON {"encabezado": "columna"}' });
        return z.NEVER;
      }
    }),
});

export const importJobParamsSchema = z.strictObject({
  id: z.uuid({ message: 'Debe ser el identificador de un trabajo de importación' }),
});

export const batchParamsSchema = z.strictObject({
  id: z.coerce.number({ message: 'Debe ser un número' }).int('Debe ser un número entero').positive('Debe ser mayor que cero').max(2_147_483_647, 'Número demasiado grande'),
  batchId: z.coerce.number({ message: 'Debe ser un número' }).int('Debe ser un número entero').positive('Debe ser mayor que cero').max(2_147_483_647, 'Número demasiado grande'),
});

export const signOffParamsSchema = z.strictObject({
  id: batchParamsSchema.shape.id,
  signOffId: batchParamsSchema.shape.batchId,
});

/** An id of an integer column (PostgreSQL's int4). */
const MAX_ID = 2_147_483_647;

const moneyText = (label: string) =>
  z
    .string({ message: `${label}: escriba el importe como texto, por ejemplo "1000.00"` })
    .trim()
    .regex(/^\d{1,12}(?:\.\d{1,2})?$/, { message: `${label}: un importe no negativo con a lo sumo dos decimales, sin separadores de miles` });

export const toleranceBodySchema = z.strictObject({
  amount: moneyText('Tolerancia en soles'),
  percent: z
    .string({ message: 'Tolerancia en %: escriba el porcentaje como texto, por ejemplo "2.50"' })
    .trim()
    .regex(/^\d{1,3}(?:\.\d{1,2})?$/, { message: 'Tolerancia en %: un porcentaje con a lo sumo dos decimales' })
    .refine((text) => Number(text) <= 100, { message: 'Tolerancia en %: a lo sumo 100' }),
  version: z.number({ message: 'version: la versión que leyó (0 si no había tolerancia)' }).int().min(0).max(MAX_ID, 'Número demasiado grande'),
});

const comment = (label: string) =>
  z
    .string({ message: `${label}: escriba un comentario` })
    .trim()
    .min(1, `${label}: escriba un comentario`)
    .max(2_000, `${label}: a lo sumo 2,000 caracteres`);

/**
 * What a sign-off covers: a process (processId), or a leaf of channel, segment (MINSA only) and
 * process type.
 */
export const signOffBodySchema = z
  .strictObject({
    channel: z.enum(channels, { message: 'Canal: «minsa_corporate» o «essalud»' }),
    segment: z.enum(segments, { message: 'Segmento: «oncology» o «medicines»' }).nullable().default(null),
    processType: z.enum(processes, { message: 'Tipo de proceso: «reverse_auction», «conventional» o «unscheduled»' }).nullable().default(null),
    processId: z.number({ message: 'Proceso: el identificador del proceso' }).int().positive().max(MAX_ID, 'Número demasiado grande').nullable().default(null),
    comment: comment('Comentario'),
  })
  .refine((body) => body.segment === null || body.channel === 'minsa_corporate', {
    message: 'Segmento: solo la compra corporativa MINSA tiene segmentos',
    path: ['segment'],
  })
  .refine((body) => body.processId === null || body.processType !== null, {
    message: 'Tipo de proceso: indique el tipo del proceso que da conforme',
    path: ['processType'],
  });

export const reopenBodySchema = z.strictObject({ comment: comment('Motivo de la reapertura') });

/** A manual match: the planned line, or null for "matches none of the plan" (decided, not pending). */
export const manualMatchBodySchema = z.strictObject({
  lineId: z.number({ message: 'Línea: el identificador de la línea planificada, o null' }).int().positive().max(MAX_ID, 'Número demasiado grande').nullable(),
  version: z.number({ message: 'version: la versión de la línea ejecutada que leyó' }).int().positive().max(MAX_ID, 'Número demasiado grande'),
});

export const executedLineParamsSchema = z.strictObject({
  id: batchParamsSchema.shape.id,
  lineId: z.string().regex(/^[1-9]\d{0,17}$/, { message: 'Debe ser el identificador de una línea ejecutada' }),
});

const page = {
  limit: z.coerce.number({ message: 'Debe ser un número' }).int().min(1, 'Al menos 1').max(500, 'A lo sumo 500').default(100),
  offset: z.coerce.number({ message: 'Debe ser un número' }).int().min(0, 'No puede ser negativo').max(10_000_000).default(0),
};

export const reconciliationLineStatuses = ['within', 'outside', 'unexecuted', 'signed'] as const;

/** Filters of the lines under a node (the URL's query: the client keeps them there). */
export const reconciliationLinesQuerySchema = z.strictObject({
  status: z.enum(reconciliationLineStatuses, { message: 'Estado: within, outside, unexecuted o signed' }).optional(),
  channel: z.enum(channels, { message: 'Canal: «minsa_corporate» o «essalud»' }).optional(),
  segment: z.enum(segments, { message: 'Segmento: «oncology» o «medicines»' }).optional(),
  processType: z.enum(processes, { message: 'Tipo de proceso no válido' }).optional(),
  /** A process id, or «none» for the lines in no process. */
  process: z.union([z.literal('none'), z.coerce.number().int().positive().max(MAX_ID)], { message: 'Proceso: su identificador o «none»' }).optional(),
  q: z.string().trim().max(200, 'A lo sumo 200 caracteres').optional(),
  sort: z.enum(['difference', 'percent', 'planned', 'executed', 'item'], { message: 'Orden no válido' }).default('difference'),
  ...page,
});

export const executedLinesQuerySchema = z.strictObject({
  matched: z.enum(['true', 'false'], { message: 'matched: «true» o «false»' }).optional(),
  batchId: z.coerce.number().int().positive().max(MAX_ID, 'Número demasiado grande').optional(),
  q: z.string().trim().max(200, 'A lo sumo 200 caracteres').optional(),
  ...page,
});

export const reconciliationExportQuerySchema = z.strictObject({
  format: z.enum(['xlsx'], { message: 'Formato: «xlsx»' }).default('xlsx'),
});
