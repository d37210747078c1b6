// What the API accepts: zod schemas used by the server to parse requests (and by client forms).
import { z } from 'zod';
import { MAX_PAGE_SIZE, coverageDimensions, itemSortKeys, lineSortKeys } from './api.ts';
import {
  budgetCategories,
  budgetCategoryLabels,
  channels,
  coverageStatuses,
  fiscalYears,
  processes,
  segments,
  supplyListLabels,
  supplyLists,
  venClasses,
  venLabels,
} from './domain.ts';

// Spanish messages for every validation error, on both sides. Jitless: otherwise zod probes and
// compiles parsers with `new Function`, which the client's Content-Security-Policy forbids (the
// probe alone is reported as a violation). Every module that builds schemas imports this one
// first, so the setting is in place before the first schema exists.
z.config({ ...z.locales.es(), jitless: true });

/** "Elija «Vital», «Esencial» o «No esencial»": a choice named by the labels people read, not by its codes. */
export function chooseOneOf(labels: Readonly<Record<string, string>>): string {
  const names = Object.values(labels).map((label) => `«${label}»`);
  return names.length < 2 ? `Elija ${names.join('')}` : `Elija ${names.slice(0, -1).join(', ')} o ${names.at(-1)}`;
}

const page = z.coerce.number().int().min(1).max(1_000_000).default(1);
const pageSize = (fallback: number) => z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(fallback);
const order = z.enum(['asc', 'desc']).default('asc');
const searchText = z.string().trim().max(200).optional();

export const idParamsSchema = z.object({
  id: z.coerce.number().int().min(1).max(2_147_483_647),
});

/** A page of one record's history, newest first. */
export const historyQuerySchema = z.strictObject({ page, pageSize: pageSize(50) });
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

export const itemsQuerySchema = z.strictObject({
  supplyList: z.enum(supplyLists).optional(),
  q: searchText,
  page,
  pageSize: pageSize(50),
  sort: z.enum(itemSortKeys).default('code'),
  order,
});
export type ItemsQuery = z.infer<typeof itemsQuerySchema>;

export const linesQuerySchema = z.strictObject({
  channel: z.enum(channels).optional(),
  segment: z.enum(segments).optional(),
  process: z.enum(processes).optional(),
  q: searchText,
  page,
  pageSize: pageSize(100),
  sort: z.enum(lineSortKeys).default('code'),
  order,
});
export type LinesQuery = z.infer<typeof linesQuerySchema>;

/** The coverage summary; page and pageSize are of its list of items bought through both channels. */
export const coverageQuerySchema = z.strictObject({ page, pageSize: pageSize(10) });
export type CoverageQuery = z.infer<typeof coverageQuerySchema>;

export const coverageItemsQuerySchema = z.strictObject({
  status: z.enum(coverageStatuses).optional(),
  supplyList: z.enum(supplyLists).optional(),
  group: z.string().trim().min(1).max(100).optional(),
  ven: z.enum(venClasses).optional(),
  q: searchText,
  page,
  pageSize: pageSize(100),
});
export type CoverageItemsQuery = z.infer<typeof coverageItemsQuerySchema>;

export const coverageBreakdownQuerySchema = z.strictObject({
  by: z.enum(coverageDimensions).default('supplyList'),
});

export const budgetsQuerySchema = z.strictObject({
  fiscalYear: z.coerce.number().int().min(fiscalYears.min).max(fiscalYears.max),
});
export type BudgetsQuery = z.infer<typeof budgetsQuerySchema>;

const requiredText = (max: number) => z.string().trim().min(1, { message: 'Obligatorio', abort: true }).max(max);

/** A formulary item as a pharmacy manager enters it (form, API and spreadsheet import). */
export const itemInputSchema = z.strictObject({
  code: requiredText(20).regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'Solo letras, números, punto y guion'),
  dci: requiredText(200),
  strength: requiredText(100),
  dosageForm: requiredText(100),
  supplyList: z.enum(supplyLists, chooseOneOf(supplyListLabels)),
  therapeuticGroup: requiredText(100),
  ven: z.enum(venClasses, chooseOneOf(venLabels)),
  oncology: z.boolean(),
  /** Which budget ceiling its purchases count against; absent: medicines (the database's default), or unchanged. */
  budgetCategory: z.enum(budgetCategories, chooseOneOf(budgetCategoryLabels)).optional(),
  /**
   * The ficha técnica of a common good ("bien común", which the process rules send to reverse
   * auction); null or blank: not one. Absent: not a common good when created, unchanged when patched.
   */
  commonGoodSheet: z
    .string()
    .trim()
    .max(40, 'A lo sumo 40 caracteres')
    .nullable()
    .transform((sheet) => sheet || null)
    .optional(),
});
export type ItemInput = z.infer<typeof itemInputSchema>;

/** Many items at once (createItems): up to what an import of a whole formulary holds. */
export const itemsInputSchema = z.array(itemInputSchema).min(1, 'Indique al menos un ítem').max(50_000);

export const itemPatchSchema = itemInputSchema
  .partial()
  .extend({
    active: z.boolean().optional(),
    version: z.number().int().min(1),
  })
  .refine((patch) => Object.keys(patch).length > 1, { message: 'Indique al menos un cambio' });
export type ItemPatch = z.infer<typeof itemPatchSchema>;

const draftText = (max: number) => z.string().trim().max(max).optional();

/** What the item form has typed so far; a possible duplicate needs the code or the whole description. */
export const possibleDuplicatesQuerySchema = z
  .strictObject({
    code: draftText(20),
    dci: draftText(200),
    strength: draftText(100),
    dosageForm: draftText(100),
    exceptId: idParamsSchema.shape.id.optional(),
  })
  .refine((query) => query.code || (query.dci && query.strength && query.dosageForm), {
    message: 'Indique el código, o la denominación, la concentración y la forma farmacéutica',
    path: ['code'],
  });
export type PossibleDuplicatesQuery = z.infer<typeof possibleDuplicatesQuerySchema>;
