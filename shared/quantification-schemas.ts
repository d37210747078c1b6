// What POST /api/quantification/calculate accepts (issue 14): one item's inputs for the WHO/MSH
// or the OpenLMIS method, each under the method's own names. Every field is optional here: which
// ones are required depends on the values given in place of a computation (what-if), and
// shared/quantification.ts says which one is missing. The client's "how was this computed" panel
// and what-if form reuse these for the same Spanish messages.
//
// WHO/MSH quantities are decimal strings (as numeric(14,4) holds them). OpenLMIS counts are JSON
// integers, as OpenLMIS's own API sends them (Java int); its decimals (max periods of stock, price
// per pack, total cost) are decimal strings. Integers come out of the schema as decimal strings,
// which is what the calculators take.
import { z } from 'zod';
import { onceValid } from './write-schemas.ts';
import { openLmisStockoutDaysProblem, whoStockoutDaysProblem } from './quantification.ts';

/** Java's int, what OpenLMIS stores its quantities in. */
const MAX_INT = 2_147_483_647;
/** Periods averaged for P: OpenLMIS's templates use a handful; five years of months is plenty. */
export const MAX_PREVIOUS_PERIODS = 60;
export const MAX_ADJUSTMENTS = 100;

const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * A non-negative decimal written as text, at most `decimals` decimals and 10 integer digits.
 * `positive`: more than zero.
 */
function decimalText(label: string, { decimals, positive = false }: { decimals: number; positive?: boolean }) {
  const fraction = decimals === 0 ? '' : `(?:\\.\\d{1,${decimals}})?`;
  return z
    .string({ message: `${label}: escriba el número como texto, por ejemplo "12.5"` })
    .trim()
    .regex(NUMBER, { message: `${label}: escriba un número con punto decimal, sin separadores de miles`, abort: true })
    .refine((text) => !text.startsWith('-'), { message: `${label}: no puede ser negativo`, abort: true })
    .regex(new RegExp(`^\\d+${fraction}$`), {
      message: decimals === 0 ? `${label}: debe ser un número entero` : `${label}: admite a lo sumo ${decimals} decimales`,
      abort: true,
    })
    .regex(/^\d{1,10}(?:\.|$)/, { message: `${label}: admite a lo sumo 10 cifras enteras`, abort: true })
    .refine((text) => !positive || /[1-9]/.test(text), { message: `${label}: debe ser mayor que cero` });
}

/** An integer as OpenLMIS counts (Java int), read as a JSON number and passed on as text. */
function wholeNumber(label: string, { negative = false, positive = false }: { negative?: boolean; positive?: boolean } = {}) {
  const min = positive ? 1 : negative ? -MAX_INT - 1 : 0;
  const below = positive ? 'debe ser mayor que cero' : 'no puede ser negativo';
  return z
    .number({ message: `${label}: escriba un número entero (sin comillas)` })
    .int({ message: `${label}: debe ser un número entero` })
    .min(min, { message: `${label}: ${below}` })
    .max(MAX_INT, { message: `${label}: admite a lo sumo ${MAX_INT.toLocaleString('en-US')}` })
    .transform(String);
}

const whoCalculateSchema = z
  .strictObject({
    method: z.literal('who'),
    consumptionInPeriod: decimalText('Consumo del período', { decimals: 4 }).nullish(),
    reviewMonths: decimalText('Meses del período revisado', { decimals: 4, positive: true }).nullish(),
    daysOutOfStock: decimalText('Días sin existencias', { decimals: 4 }).nullish(),
    leadTimeMonths: decimalText('Tiempo de entrega en meses', { decimals: 4 }).nullish(),
    procurementPeriodMonths: decimalText('Período de compra en meses', { decimals: 4 }).nullish(),
    stockOnHand: decimalText('Existencias disponibles', { decimals: 4 }).nullish(),
    stockOnOrder: decimalText('Existencias en pedido', { decimals: 4 }).nullish(),
    adjustedMonthlyConsumption: decimalText('Consumo mensual ajustado', { decimals: 4 }).nullish(),
    safetyStock: decimalText('Stock de seguridad', { decimals: 4 }).nullish(),
    quantityToOrder: decimalText('Cantidad a pedir', { decimals: 0 }).nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.reviewMonths && input.daysOutOfStock) {
      const problem = whoStockoutDaysProblem(input.reviewMonths, input.daysOutOfStock);
      if (problem) ctx.addIssue({ code: 'custom', path: ['daysOutOfStock'], message: problem });
    }
  }, onceValid);

const stockAdjustmentSchema = z.strictObject({
  quantity: wholeNumber('Cantidad del ajuste'),
  additive: z.boolean({ message: 'Indique si el ajuste suma (true, un crédito) o resta (false, una pérdida)' }),
  reason: z.string().trim().max(100).nullish(),
});

const openLmisCalculateSchema = z
  .strictObject({
    method: z.literal('openlmis'),
    beginningBalance: wholeNumber('Saldo inicial').nullish(),
    totalReceivedQuantity: wholeNumber('Cantidad recibida').nullish(),
    totalLossesAndAdjustments: wholeNumber('Pérdidas y ajustes', { negative: true }).nullish(),
    lossesAndAdjustments: z.array(stockAdjustmentSchema).max(MAX_ADJUSTMENTS).nullish(),
    totalConsumedQuantity: wholeNumber('Consumo del período').nullish(),
    stockOnHand: wholeNumber('Existencias al cierre').nullish(),
    totalStockoutDays: wholeNumber('Días sin existencias').nullish(),
    monthsInPeriod: wholeNumber('Meses del período', { positive: true }).nullish(),
    adjustedConsumption: wholeNumber('Consumo ajustado').nullish(),
    previousAdjustedConsumptions: z.array(wholeNumber('Consumo ajustado anterior')).max(MAX_PREVIOUS_PERIODS).nullish(),
    averageConsumption: wholeNumber('Consumo promedio').nullish(),
    maxPeriodsOfStock: decimalText('Períodos máximos de existencias', { decimals: 4 }).nullish(),
    maximumStockQuantity: wholeNumber('Existencias máximas').nullish(),
    calculatedOrderQuantity: wholeNumber('Cantidad calculada a pedir').nullish(),
    orderQuantity: wholeNumber('Cantidad a pedir').nullish(),
    netContent: wholeNumber('Contenido del envase').nullish(),
    packRoundingThreshold: wholeNumber('Umbral de redondeo del envase').nullish(),
    roundToZero: z.boolean({ message: 'Redondear a cero: indique true o false' }).nullish(),
    packsToShip: wholeNumber('Envases a despachar').nullish(),
    pricePerPack: decimalText('Precio por envase', { decimals: 4 }).nullish(),
    totalCost: decimalText('Costo total', { decimals: 2 }).nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.monthsInPeriod && input.totalStockoutDays) {
      const problem = openLmisStockoutDaysProblem(input.monthsInPeriod, input.totalStockoutDays);
      if (problem) ctx.addIssue({ code: 'custom', path: ['totalStockoutDays'], message: problem });
    }
  }, onceValid);

/** POST /api/quantification/calculate: `{"method":"who", …}` or `{"method":"openlmis", …}`. */
export const quantificationCalculateSchema = z.discriminatedUnion('method', [whoCalculateSchema, openLmisCalculateSchema], {
  message: 'Indique el método: "who" (OMS/MSH, por consumo) u "openlmis" (requisición de OpenLMIS)',
});
export type QuantificationCalculateInput = z.input<typeof quantificationCalculateSchema>;
export type QuantificationCalculateRequest = z.output<typeof quantificationCalculateSchema>;
