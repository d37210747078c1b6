// What the write services of programmes, purchase lines, source documents, declared figures and
// budgets accept: the services parse their input with these, and the write routes will too.
// The database checks the same rules (db/migrations/2026-12-02-write-rules.ts).
import { z } from 'zod';
import { chooseOneOf, idParamsSchema } from './api-schemas.ts';
import {
  budgetCategories,
  budgetCategoryLabels,
  channelLabels,
  channels,
  fiscalYears,
  processLabels,
  processes,
  segmentLabels,
  segments,
  supplyListLabels,
  supplyLists,
} from './domain.ts';
import { compareMoney, lineAmount, toMoney } from './money.ts';

/** The most lines (or declared figures) one call adds: a programme of the whole formulary, and then some. */
export const MAX_ROWS_PER_WRITE = 5000;

/** What numeric(14,2) holds. */
const MAX_AMOUNT = '999999999999.99';

const id = idParamsSchema.shape.id;
const requiredText = (max: number) => z.string().trim().min(1, { message: 'Obligatorio', abort: true }).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((text) => (text ? text : null));
export const fiscalYearSchema = z.number().int().min(fiscalYears.min).max(fiscalYears.max);
const count = z.number().int().min(0).max(2_147_483_647);

/** A decimal written as text (never a JS number: money and quantities stay exact), as numeric(14,4) holds it. */
const decimal4 = z
  .string()
  .trim()
  .regex(/^\d{1,10}(\.\d{1,4})?$/, { message: 'Escriba un número con punto decimal y a lo sumo 4 decimales', abort: true });

/** Rules across fields run once each field is valid (zod would otherwise run them on what failed). */
export const onceValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** An amount in soles as text, at most two decimals; canonical ("1234.50") once read. */
export const amountSchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'Escriba un monto con punto decimal y a lo sumo 2 decimales')
  .transform((text) => toMoney(text));

export const programmeInputSchema = z.strictObject({
  name: requiredText(120),
  fiscalYear: fiscalYearSchema,
});
export type ProgrammeInput = z.input<typeof programmeInputSchema>;

/** A quantity (more than zero) and a unit price, as numeric(14,4) holds them: the fields of a line people type. */
export const quantitySchema = decimal4.refine((text) => compareMoney(text, '0') > 0, 'La cantidad debe ser mayor que cero');
export const unitPriceSchema = decimal4;
export const channelSchema = z.enum(channels, chooseOneOf(channelLabels));
export const segmentSchema = z.enum(segments, chooseOneOf(segmentLabels));
export const processSchema = z.enum(processes, chooseOneOf(processLabels));

/** The rules across a line's fields, for a whole line (a new one, or an edited one once merged). */
export function checkLineRules(
  line: { channel: string; segment: string | null; process: string; quantity: string | null; unitPrice: string | null },
  ctx: z.RefinementCtx,
): void {
  if (line.channel === 'minsa_corporate' && line.segment === null) {
    ctx.addIssue({ code: 'custom', path: ['segment'], message: `La Compra Corporativa MINSA lleva segmento. ${chooseOneOf(segmentLabels)}` });
  }
  if (line.channel === 'essalud' && line.segment !== null) {
    ctx.addIssue({ code: 'custom', path: ['segment'], message: 'La Compra EsSalud no lleva segmento' });
  }
  if ((line.quantity === null) !== (line.unitPrice === null)) {
    ctx.addIssue({
      code: 'custom',
      path: [line.quantity === null ? 'quantity' : 'unitPrice'],
      message: 'Indique la cantidad y el precio unitario juntos',
    });
  } else if (line.quantity === null && line.process !== 'unscheduled') {
    ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'Solo una compra no programada puede ir sin cantidad ni precio' });
  } else if (line.quantity !== null && line.unitPrice !== null && compareMoney(lineAmount(line.quantity, line.unitPrice), MAX_AMOUNT) > 0) {
    ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'El monto (cantidad × precio unitario) supera S/ 999,999,999,999.99' });
  }
}

/**
 * One purchase line. Its amount is not given: it is quantity × unit price rounded half up to the
 * cent (lineAmount), always. Only the MINSA corporate purchase has segments, and only an
 * unscheduled purchase may go without quantity and price.
 */
export const lineInputSchema = z
  .strictObject({
    itemId: id,
    channel: channelSchema,
    segment: segmentSchema.nullable().default(null),
    process: processSchema,
    quantity: quantitySchema.nullable().default(null),
    unitPrice: unitPriceSchema.nullable().default(null),
  })
  .superRefine(checkLineRules, onceValid);
export type LineInput = z.input<typeof lineInputSchema>;
export type ParsedLine = z.output<typeof lineInputSchema>;

export const addLinesInputSchema = z
  .strictObject({
    lines: z.array(lineInputSchema).min(1, 'Indique al menos una línea').max(MAX_ROWS_PER_WRITE),
  })
  .superRefine(({ lines }, ctx) => {
    // A programme buys an item once per channel (the database holds the same rule against the lines it has).
    const first = new Map<string, number>();
    lines.forEach((line, index) => {
      const key = `${line.itemId}/${line.channel}`;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, index);
      else ctx.addIssue({ code: 'custom', path: ['lines', index, 'itemId'], message: `Repite el ítem y el canal de la línea ${earlier + 1}` });
    });
  }, onceValid);
export type AddLinesInput = z.input<typeof addLinesInputSchema>;

/** A document figures are read from: a report, an ERP extract. */
export const sourceDocumentInputSchema = z.strictObject({
  title: requiredText(300),
  /** What identifies it (a file name, a document number): unique. */
  reference: requiredText(300),
  publishedOn: z.iso.date('Escriba la fecha como AAAA-MM-DD').nullish().transform((date) => date ?? null),
  notes: optionalText(2000),
});
export type SourceDocumentInput = z.input<typeof sourceDocumentInputSchema>;

/** The text exactly as the document prints it ("S/.  322’996,933.79"). */
const printed = optionalText(200);

const formularyFigure = z.strictObject({
  scope: z.literal('formulary'),
  /** null: the whole formulary. */
  supplyList: z.enum(supplyLists, chooseOneOf(supplyListLabels)).nullable().default(null),
  items: count,
  printed,
});

/** A row of a programme's purchases table: a leaf, or a subtotal (process null; segment null too for a channel). */
const purchasesFigure = z
  .strictObject({
    scope: z.literal('purchases'),
    programmeId: id,
    channel: z.enum(channels, chooseOneOf(channelLabels)),
    segment: z.enum(segments, chooseOneOf(segmentLabels)).nullable().default(null),
    process: z.enum(processes, chooseOneOf(processLabels)).nullable().default(null),
    items: count.nullable().default(null),
    amount: amountSchema.nullable().default(null),
    printed,
  })
  .superRefine((figure, ctx) => {
    if (figure.channel === 'essalud' && figure.segment !== null) {
      ctx.addIssue({ code: 'custom', path: ['segment'], message: 'La Compra EsSalud no lleva segmento' });
    }
    if (figure.channel === 'minsa_corporate' && figure.process !== null && figure.segment === null) {
      ctx.addIssue({ code: 'custom', path: ['segment'], message: 'Un proceso de la Compra Corporativa MINSA va dentro de un segmento' });
    }
    if (figure.items === null && figure.amount === null) {
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'Indique los ítems, el monto o ambos' });
    }
  }, onceValid);

const budgetFigure = z.strictObject({
  scope: z.literal('budget'),
  fiscalYear: fiscalYearSchema,
  budgetCategory: z.enum(budgetCategories, chooseOneOf(budgetCategoryLabels)),
  amount: amountSchema,
  printed,
});

export const declaredFigureInputSchema = z.discriminatedUnion('scope', [formularyFigure, purchasesFigure, budgetFigure]);
export type DeclaredFigureInput = z.input<typeof declaredFigureInputSchema>;
export type ParsedDeclaredFigure = z.output<typeof declaredFigureInputSchema>;

export const declareFiguresInputSchema = z.strictObject({
  figures: z.array(declaredFigureInputSchema).min(1, 'Indique al menos una cifra').max(MAX_ROWS_PER_WRITE),
});
export type DeclareFiguresInput = z.input<typeof declareFiguresInputSchema>;

/** The budget of one category in one fiscal year; setting it again replaces the amount. */
export const budgetInputSchema = z.strictObject({
  fiscalYear: fiscalYearSchema,
  category: z.enum(budgetCategories, chooseOneOf(budgetCategoryLabels)),
  amount: amountSchema,
  sourceDocumentId: id.nullable().default(null),
});
export type BudgetInput = z.input<typeof budgetInputSchema>;

/** A declared figure as stored. */
export type DeclaredFigureDto = ParsedDeclaredFigure & { id: number; sourceDocumentId: number };
