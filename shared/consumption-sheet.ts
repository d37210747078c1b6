// Quantification inputs as spreadsheets (issue 14): monthly consumption, stock positions and item
// supply parameters, each a kind of file the consumption import reads (same pipeline as the
// formulary's: mapping, dry run, all or nothing, audited) and the export writes back. Pure, so the
// client's import wizard and edit forms give the same Spanish messages.
import { z } from 'zod';
import './api-schemas.ts';
import { fold, quoteValue, type ImportColumn } from './import-columns.ts';

export const consumptionSheetKinds = ['consumption', 'stock', 'parameters'] as const;
export type ConsumptionSheetKind = (typeof consumptionSheetKinds)[number];
export const consumptionSheetKindLabels: Record<ConsumptionSheetKind, string> = {
  consumption: 'Consumo mensual',
  stock: 'Existencias',
  parameters: 'Parámetros de abastecimiento',
};

/** What numeric(14,4) holds: 10 integer digits, 4 decimals. */
const DECIMAL_4 = /^\d{1,10}(?:\.\d{1,4})?$/;
/** What numeric(6,2) holds (months). */
const MONTHS = /^\d{1,4}(?:\.\d{1,2})?$/;
const NUMBER_LIKE = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;
/** The most a care network's name holds. */
export const MAX_CARE_NETWORK_LENGTH = 120;

/** "Obligatorio" for an empty cell; a number read with a dot; negative and non-numeric cells named as such. */
function quantityCell(what: string, { pattern, decimals, integer = false, positive = false }: { pattern: RegExp; decimals: number; integer?: boolean; positive?: boolean }) {
  return z.string().transform((raw, ctx) => {
    const text = raw.trim();
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (text === '') return fail(`${what}: obligatorio`);
    if (!NUMBER_LIKE.test(text)) return fail(`${what}: ${quoteValue(text)} no es un número`);
    if (text.includes(',')) return fail(`${what}: use punto decimal, sin separadores de miles (se recibió ${quoteValue(text)})`);
    if (text.startsWith('-') && !/^-0*(?:\.0*)?$/.test(text)) return fail(`${what}: no puede ser negativo (se recibió ${quoteValue(text)})`);
    const plain = text.replace(/^[+-]/, '').replace(/^0+(?=\d)/, '');
    if (integer && !/^\d+$/.test(plain)) return fail(`${what}: debe ser un número entero (se recibió ${quoteValue(text)})`);
    if (!pattern.test(plain)) return fail(`${what}: admite a lo sumo ${decimals} decimales y ${pattern === MONTHS ? 4 : 10} cifras enteras (se recibió ${quoteValue(text)})`);
    if (positive && !/[1-9]/.test(plain)) return fail(`${what}: debe ser mayor que cero (se recibió ${quoteValue(text)})`);
    return plain;
  });
}

export const consumedCell = quantityCell('Consumo', { pattern: DECIMAL_4, decimals: 4 });
export const stockCell = (what: string) => quantityCell(what, { pattern: DECIMAL_4, decimals: 4 });
export const monthsCell = (what: string) => quantityCell(what, { pattern: MONTHS, decimals: 2 });
export const packSizeCell = quantityCell('Unidades por envase', { pattern: /^\d{1,9}$/, decimals: 0, integer: true, positive: true });
const daysCell = quantityCell('Días sin existencias', { pattern: /^\d{1,2}$/, decimals: 0, integer: true });

/** An optional column's empty cell reads as 0 (no days out of stock, nothing on order). */
const zeroIfEmpty = (cell: z.ZodType<string, string>) => z.string().transform((text) => (text.trim() === '' ? '0' : text)).pipe(cell);

const careNetworkCell = z
  .string()
  .trim()
  .max(MAX_CARE_NETWORK_LENGTH, { message: `Red asistencial: a lo sumo ${MAX_CARE_NETWORK_LENGTH} caracteres` });

/** Days of a month given as yyyy-mm. */
export function daysInMonth(month: string): number {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
}

/** Excel's day 1 is 1900-01-01, with its phantom 1900-02-29: serial 25569 is 1970-01-01. */
const EXCEL_EPOCH_SERIAL = 25569;

/**
 * A month as people write it: 2026-11, 2026-11-01 (any day: its month), 11/2026, 11-2026, or the
 * serial number Excel stores a date as. Read as yyyy-mm, or null.
 */
export function readMonth(raw: string): string | null {
  const text = raw.trim();
  let year: number;
  let month: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(text))) {
    [year, month] = [Number(match[1]), Number(match[2])];
    if (match[3] !== undefined) {
      const day = Number(match[3]);
      if (day < 1 || month < 1 || month > 12 || day > daysInMonth(`${year}-${String(month).padStart(2, '0')}`)) return null;
    }
  } else if ((match = /^(\d{1,2})[/-](\d{4})$/.exec(text))) {
    [month, year] = [Number(match[1]), Number(match[2])];
  } else if (/^\d{5}$/.test(text)) {
    const date = new Date((Number(text) - EXCEL_EPOCH_SERIAL) * 86_400_000);
    [year, month] = [date.getUTCFullYear(), date.getUTCMonth() + 1];
  } else {
    return null;
  }
  if (month < 1 || month > 12 || year < 2000 || year > 2100) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

const monthCell = z.string().transform((raw, ctx) => {
  const month = readMonth(raw);
  if (month !== null) return month;
  ctx.addIssue({ code: 'custom', message: `Mes: ${raw.trim() === '' ? 'obligatorio' : `${quoteValue(raw.trim())} no es un mes`}; escriba año y mes, por ejemplo 2026-11` });
  return z.NEVER;
});

const dateCell = z.string().transform((raw, ctx) => {
  const text = raw.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match && readMonth(text) !== null) return text;
  if (/^\d{5}$/.test(text)) return new Date((Number(text) - EXCEL_EPOCH_SERIAL) * 86_400_000).toISOString().slice(0, 10);
  ctx.addIssue({ code: 'custom', message: `Fecha: ${text === '' ? 'obligatoria' : `${quoteValue(text)} no es una fecha`}; escriba año-mes-día, por ejemplo 2026-11-30` });
  return z.NEVER;
});

const codeCell = z.string().trim().min(1, { message: 'Código: obligatorio' }).max(40, { message: 'Código: a lo sumo 40 caracteres' });

const column = <Key extends string>(key: Key, label: string, aliases: string[], defaultValue?: string): ImportColumn<Key> => ({
  key,
  label,
  aliases: [fold(label), ...aliases],
  required: defaultValue === undefined,
  ...(defaultValue === undefined ? {} : { defaultValue }),
});

// ---- Monthly consumption ---------------------------------------------------------------------

export const consumptionColumns = [
  column('code', 'Código', ['codigo', 'code', 'cod', 'codigo sap', 'material', 'item']),
  column('careNetwork', 'Red asistencial', ['red', 'red asistencial', 'care network', 'establecimiento', 'ipress'], ''),
  column('month', 'Mes', ['mes', 'month', 'periodo', 'fecha']),
  column('consumed', 'Consumo', ['consumo', 'consumption', 'cantidad consumida', 'consumo mensual', 'salidas']),
  column('daysOutOfStock', 'Días sin existencias', ['dias sin existencias', 'dias sin stock', 'days out of stock', 'dias de desabastecimiento', 'dos'], '0'),
] as const satisfies readonly ImportColumn[];
export type ConsumptionKey = (typeof consumptionColumns)[number]['key'];

/** One row of a consumption file; days out of stock cannot exceed the month's days (checked here, as the month is known). */
export const consumptionRowSchema = z
  .object({
    code: codeCell,
    careNetwork: careNetworkCell.optional(),
    month: monthCell,
    consumed: consumedCell,
    daysOutOfStock: zeroIfEmpty(daysCell).optional(),
  })
  .superRefine((row, ctx) => {
    if (row.daysOutOfStock === undefined) return;
    const days = daysInMonth(row.month);
    if (Number(row.daysOutOfStock) > days) {
      ctx.addIssue({ code: 'custom', path: ['daysOutOfStock'], message: `Días sin existencias: ${row.month} tiene ${days} días; se recibió ${row.daysOutOfStock}` });
    }
  });
export type ConsumptionRow = z.output<typeof consumptionRowSchema>;

// ---- Stock positions -------------------------------------------------------------------------

export const stockColumns = [
  column('code', 'Código', ['codigo', 'code', 'cod', 'codigo sap', 'material', 'item']),
  column('careNetwork', 'Red asistencial', ['red', 'red asistencial', 'care network', 'establecimiento', 'ipress'], ''),
  column('asOf', 'Fecha', ['fecha', 'al', 'fecha de corte', 'as of', 'date']),
  column('stockOnHand', 'Existencias disponibles', ['existencias', 'stock', 'stock disponible', 'stock on hand', 'saldo']),
  column('stockOnOrder', 'Existencias en pedido', ['en pedido', 'stock en transito', 'por recibir', 'stock on order'], '0'),
] as const satisfies readonly ImportColumn[];
export type StockKey = (typeof stockColumns)[number]['key'];

export const stockRowSchema = z.object({
  code: codeCell,
  careNetwork: careNetworkCell.optional(),
  asOf: dateCell,
  stockOnHand: stockCell('Existencias disponibles'),
  stockOnOrder: zeroIfEmpty(stockCell('Existencias en pedido')).optional(),
});
export type StockRow = z.output<typeof stockRowSchema>;

// ---- Supply parameters -----------------------------------------------------------------------

export const parameterColumns = [
  column('code', 'Código', ['codigo', 'code', 'cod', 'codigo sap', 'material', 'item']),
  column('leadTimeMonths', 'Tiempo de entrega (meses)', ['tiempo de entrega', 'lead time', 'lead time months']),
  column('procurementPeriodMonths', 'Período de compra (meses)', ['periodo de compra', 'procurement period', 'periodo de cobertura']),
  column('safetyStockMonths', 'Stock de seguridad (meses)', ['stock de seguridad', 'safety stock', 'safety stock months']),
  column('packSize', 'Unidades por envase', ['unidades por envase', 'pack size', 'contenido neto', 'net content', 'envase']),
  column('minMonths', 'Existencias mínimas (meses)', ['minimo', 'meses minimos', 'min months', 'stock minimo']),
  column('maxMonths', 'Existencias máximas (meses)', ['maximo', 'meses maximos', 'max months', 'stock maximo']),
] as const satisfies readonly ImportColumn[];
export type ParameterKey = (typeof parameterColumns)[number]['key'];

const parameterFields = {
  leadTimeMonths: monthsCell('Tiempo de entrega (meses)'),
  procurementPeriodMonths: monthsCell('Período de compra (meses)'),
  safetyStockMonths: monthsCell('Stock de seguridad (meses)'),
  packSize: packSizeCell,
  minMonths: monthsCell('Existencias mínimas (meses)'),
  maxMonths: monthsCell('Existencias máximas (meses)'),
};
const maxNotBelowMin = (row: { minMonths: string; maxMonths: string }, ctx: z.RefinementCtx) => {
  if (Number(row.maxMonths) < Number(row.minMonths)) {
    ctx.addIssue({ code: 'custom', path: ['maxMonths'], message: `Existencias máximas (meses): no pueden ser menos que las mínimas (${row.minMonths})` });
  }
};

export const parameterRowSchema = z.object({ code: codeCell, ...parameterFields }).superRefine(maxNotBelowMin);
export type ParameterRow = z.output<typeof parameterRowSchema>;

// ---- Editing one item (PUT /api/items/:id/…) -------------------------------------------------

const monthField = z.string().transform((raw, ctx) => {
  const month = /^\d{4}-\d{2}$/.test(raw) ? readMonth(raw) : null;
  if (month !== null) return month;
  ctx.addIssue({ code: 'custom', message: 'Mes: escriba año y mes, por ejemplo 2026-11' });
  return z.NEVER;
});

/** PUT /api/items/:id/consumption: months written (added or replaced), per care network. */
export const consumptionPutSchema = z.strictObject({
  records: z
    .array(
      z
        .strictObject({
          careNetwork: careNetworkCell.default(''),
          month: monthField,
          consumed: consumedCell,
          daysOutOfStock: z.number({ message: 'Días sin existencias: un número entero' }).int({ message: 'Días sin existencias: un número entero' }).min(0, { message: 'Días sin existencias: no puede ser negativo' }).max(31).default(0),
        })
        .superRefine((row, ctx) => {
          const days = daysInMonth(row.month);
          if (row.daysOutOfStock > days) {
            ctx.addIssue({ code: 'custom', path: ['daysOutOfStock'], message: `Días sin existencias: ${row.month} tiene ${days} días; se recibió ${row.daysOutOfStock}` });
          }
        }),
    )
    .min(1, { message: 'Indique al menos un mes' })
    .max(1200),
});
export type ConsumptionPut = z.input<typeof consumptionPutSchema>;

/** PUT /api/items/:id/stock: one care network's position ('' national). */
export const stockPutSchema = z.strictObject({
  careNetwork: careNetworkCell.default(''),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Fecha: escriba año-mes-día, por ejemplo 2026-11-30', abort: true }).pipe(dateCell),
  stockOnHand: stockCell('Existencias disponibles'),
  stockOnOrder: stockCell('Existencias en pedido').default('0'),
});
export type StockPut = z.input<typeof stockPutSchema>;

/** PUT /api/items/:id/supply-parameters: all of them; `version` as read (absent the first time). */
export const supplyParametersPutSchema = z
  .strictObject({ version: z.number().int().min(1).max(2_147_483_647).optional(), ...parameterFields })
  .superRefine(maxNotBelowMin);
export type SupplyParametersPut = z.input<typeof supplyParametersPutSchema>;

export const consumptionSheetHeaders = {
  consumption: consumptionColumns.map((c) => c.label),
  stock: stockColumns.map((c) => c.label),
  parameters: parameterColumns.map((c) => c.label),
} satisfies Record<ConsumptionSheetKind, string[]>;
