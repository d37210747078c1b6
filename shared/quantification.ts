// Quantification for Abastece (issue 14): how much to buy of one item, by two methods, with every
// step shown (inputs → formula → value) so that a planner can reproduce and defend the number.
//
// - WHO/MSH consumption method (MSH, "Managing Drug Supply", quantification by consumption):
//   months of 30.4 days (365 ÷ 12), decimals kept to 4 places half up.
// - OpenLMIS requisition method (openlmis-requisition's LineItemFieldsCalculator and
//   openlmis-referencedata's Orderable.packsToOrder): months of 30 days, whole units, ceilings.
//
// Exactness: quantities travel as decimal strings and are computed with a private decimal.js
// clone whose precision holds every product of the inputs exactly; the only inexact operation,
// division, is done on integers (bigint) and rounded once, at a named boundary:
//   roundToFourDecimals (CA, SS), roundUpToWholeUnit (QO), ceilingOfQuotient (N, P),
//   roundHalfUpToWholeUnit (H), packsToShip (packs), lineAmount from money.ts (total cost).
//
// What-if: any derived value given as an input overrides its computation; the steps after it use
// the given value, and its derivation says `overridden: true`.
import Decimal from 'decimal.js';
import { divideRounded } from './exact-division.ts';
import { lineAmount } from './money.ts';

/** Inputs have at most this many digits, so that products of several stay exact below the precision. */
const MAX_DIGITS = 30;

const Q = Decimal.clone({
  precision: 200,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -200,
  toExpPos: 200,
});
type Q = Decimal;

/** WHO/MSH: days in a month, 365 ÷ 12 rounded to a tenth, as the MSH formulas write it. */
export const WHO_DAYS_PER_MONTH = '30.4';
/** WHO/MSH: adjusted consumption and safety stock are kept to this many decimals, half up. */
export const WHO_DECIMALS = 4;
/** OpenLMIS: every month of a processing period counts 30 days (LineItemFieldsCalculator). */
export const OPENLMIS_DAYS_PER_MONTH = 30;

// ---------------------------------------------------------------------------------------------
// Errors

export type QuantificationErrorReason =
  | 'missing'
  | 'not_a_number'
  | 'not_a_list'
  | 'not_a_boolean'
  | 'too_long'
  | 'not_integer'
  | 'too_many_decimals'
  | 'negative'
  | 'not_positive'
  | 'stockout_days'
  | 'negative_stock';

/** Bad input for a quantification: `field` is the method's own name of the input at fault. */
export class QuantificationInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: QuantificationErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'QuantificationInputError';
  }
}

// ---------------------------------------------------------------------------------------------
// Rounding boundaries (decimal strings in and out; the calculators use the Decimal forms)

/** a ÷ b rounded once to `places` decimals (see exact-division.ts). */
function divide(a: Q, b: Q, places: number, mode: 'halfUp' | 'ceiling'): Q {
  return new Q(divideRounded(a, b, places, mode));
}

function fourDecimals(value: Q): Q {
  return value.toDecimalPlaces(WHO_DECIMALS, Decimal.ROUND_HALF_UP);
}

function wholeUnitUp(value: Q): Q {
  return value.toDecimalPlaces(0, Decimal.ROUND_CEIL);
}

function wholeUnitHalfUp(value: Q): Q {
  return value.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
}

function packs(orderQuantity: Q, netContent: Q, threshold: Q, roundToZero: boolean): Q {
  // The order of the rules is Orderable.packsToOrder's: nothing to order or no pack size gives 0
  // packs before the "never round to zero" rule can turn 0 into 1.
  if (orderQuantity.lte(0) || netContent.isZero()) return new Q(0);
  let count = orderQuantity.divToInt(netContent);
  const remainder = orderQuantity.minus(count.times(netContent));
  if (remainder.gt(0) && remainder.gt(threshold)) count = count.plus(1);
  if (count.isZero() && !roundToZero) count = new Q(1);
  return count;
}

/** WHO/MSH boundary for CA and SS: 4 decimals, half up ("1.23455" → "1.2346"). */
export function roundToFourDecimals(value: string): string {
  return fourDecimals(plain(value)).toFixed(WHO_DECIMALS);
}

/** WHO/MSH boundary for QO: up to the next whole unit ("12.0001" → "13"). */
export function roundUpToWholeUnit(value: string): string {
  return wholeUnitUp(plain(value)).toFixed(0);
}

/** OpenLMIS boundary for N and P: ⌈numerator ÷ denominator⌉, computed exactly. */
export function ceilingOfQuotient(numerator: string, denominator: string): string {
  return divideRounded(plain(numerator), plain(denominator), 0, 'ceiling');
}

/** OpenLMIS boundary for H: to a whole unit, half up ("14.5" → "15"). */
export function roundHalfUpToWholeUnit(value: string): string {
  return wholeUnitHalfUp(plain(value)).toFixed(0);
}

/**
 * OpenLMIS packs to ship (Orderable.packsToOrder): whole packs of `netContent` units; the
 * remainder adds a pack only when it is strictly greater than `packRoundingThreshold`; zero packs
 * become one unless `roundToZero`; an order of 0 or a net content of 0 gives 0 packs.
 */
export function packsToShip(orderQuantity: string, netContent: string, packRoundingThreshold: string, roundToZero: boolean): string {
  return packs(plain(orderQuantity), plain(netContent), plain(packRoundingThreshold), roundToZero).toFixed(0);
}

const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Programmer-facing read of a plain decimal string (the rounding helpers above). */
function plain(value: string): Q {
  if (typeof value !== 'string' || !PLAIN_DECIMAL.test(value.trim())) {
    throw new RangeError(`"${String(value)}" no es un número decimal`);
  }
  return new Q(value.trim());
}

// ---------------------------------------------------------------------------------------------
// Derivations

export type DerivationInput = string | boolean | readonly string[];

/** How one value was obtained: what a "¿cómo se calculó?" panel shows, in order. */
export interface Derivation {
  /** The method's own name of the value, e.g. `adjustedMonthlyConsumption`. */
  name: string;
  /** Its symbol in the method's formulas, e.g. `CA`. */
  symbol: string;
  /** What a planner reads, in Spanish. */
  label: string;
  /** A decimal string. */
  value: string;
  /** The formula, in Spanish. */
  formula: string;
  /** The values the formula used, by name (empty when the value was given). */
  inputs: Record<string, DerivationInput>;
  /** Where and how the value was rounded, in Spanish. */
  rounding: string;
  /** The value was given as an input (what-if) instead of computed. */
  overridden: boolean;
}

export interface QuantificationResult {
  method: 'who' | 'openlmis';
  /** Every value derived (or given in its place), by name: the last row of each derivation. */
  values: Record<string, string>;
  derivations: Derivation[];
}

/** How a numeric input is read. */
interface NumberRule {
  label: string;
  integer?: boolean;
  maxDecimals?: number;
  min?: 'zero' | 'positive';
}

const GIVEN = 'ninguno: valor indicado';

function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function readNumber(field: string, rule: NumberRule, raw: unknown): Q | undefined {
  if (raw === undefined || raw === null) return undefined;
  const name = `${rule.label} (${field})`;
  if (typeof raw !== 'string') {
    throw new QuantificationInputError(field, 'not_a_number', `${name}: escriba el número como texto, por ejemplo "12.5"; se recibió ${quote(raw)}`);
  }
  const text = raw.trim();
  if (!PLAIN_DECIMAL.test(text)) {
    throw new QuantificationInputError(field, 'not_a_number', `${name}: no es un número (use punto decimal, sin separadores de miles); se recibió ${quote(raw)}`);
  }
  if (text.replace(/\D/g, '').length > MAX_DIGITS) {
    throw new QuantificationInputError(field, 'too_long', `${name}: tiene más de ${MAX_DIGITS} cifras`);
  }
  let value = new Q(text);
  if (value.isZero()) value = new Q(0); // no "-0"
  if (rule.integer && !value.isInteger()) {
    throw new QuantificationInputError(field, 'not_integer', `${name}: debe ser un número entero; se recibió ${quote(raw)}`);
  }
  if (rule.maxDecimals !== undefined && value.decimalPlaces() > rule.maxDecimals) {
    throw new QuantificationInputError(field, 'too_many_decimals', `${name}: admite a lo sumo ${rule.maxDecimals} decimales; se recibió ${quote(raw)}`);
  }
  if (rule.min === 'zero' && value.lt(0)) {
    throw new QuantificationInputError(field, 'negative', `${name}: no puede ser negativo; se recibió ${quote(raw)}`);
  }
  if (rule.min === 'positive' && value.lte(0)) {
    throw new QuantificationInputError(field, 'not_positive', `${name}: debe ser mayor que cero; se recibió ${quote(raw)}`);
  }
  return value;
}

interface StepSpec {
  name: string;
  symbol: string;
  label: string;
  formula: string;
  rounding: string;
  /** How a value given in its place is read. */
  given: NumberRule;
  /** Earlier steps it reads: they are needed when it is computed. */
  uses: readonly string[];
  /** Always part of the result: what the method is for. */
  final?: boolean;
  format: (value: Q) => string;
}

interface Computed {
  value: Q;
  inputs: Record<string, DerivationInput>;
}

/** Values available to a step: earlier steps and read inputs, or a "missing" error naming the input. */
interface StepContext {
  get(field: string): Q;
  /** A missing input is an error (rather than leaving the step out). */
  needed: boolean;
}

type StepCompute = (ctx: StepContext) => Computed;

/**
 * Runs the steps in order. A step given as an input is taken as given. A step that a needed,
 * computed step uses is needed: its missing inputs are an error. Any other step is computed when
 * its inputs are there and left out otherwise ("every value it can derive").
 */
function runSteps(
  method: QuantificationResult['method'],
  specs: readonly StepSpec[],
  computes: Readonly<Record<string, StepCompute>>,
  raw: Readonly<Record<string, unknown>>,
  inputs: ReadonlyMap<string, Q>,
  labels: Readonly<Record<string, string>>,
): QuantificationResult {
  const given = new Map<string, Q>();
  for (const spec of specs) {
    const value = readNumber(spec.name, spec.given, raw[spec.name]);
    if (value !== undefined) given.set(spec.name, value);
  }

  const needed = new Set<string>();
  for (const spec of [...specs].reverse()) {
    const usedByNeeded = specs.some((other) => needed.has(other.name) && !given.has(other.name) && other.uses.includes(spec.name));
    if (spec.final || usedByNeeded) needed.add(spec.name);
  }

  const values = new Map<string, Q>();
  const derivations: Derivation[] = [];
  for (const spec of specs) {
    const row = { name: spec.name, symbol: spec.symbol, label: spec.label, formula: spec.formula };
    const givenValue = given.get(spec.name);
    if (givenValue !== undefined) {
      values.set(spec.name, givenValue);
      derivations.push({ ...row, value: spec.format(givenValue), inputs: {}, rounding: GIVEN, overridden: true });
      continue;
    }
    const ctx: StepContext = {
      needed: needed.has(spec.name),
      get(field) {
        const value = values.get(field) ?? inputs.get(field);
        if (value !== undefined) return value;
        throw new QuantificationInputError(
          field,
          'missing',
          `Falta el dato «${labels[field] ?? field}» (${field}), necesario para calcular «${spec.label}» (${spec.symbol})`,
        );
      },
    };
    let computed: Computed;
    try {
      computed = computes[spec.name]!(ctx);
    } catch (error) {
      if (!needed.has(spec.name) && error instanceof QuantificationInputError && error.reason === 'missing') continue;
      throw error;
    }
    values.set(spec.name, computed.value);
    derivations.push({ ...row, value: spec.format(computed.value), inputs: computed.inputs, rounding: spec.rounding, overridden: false });
  }

  return {
    method,
    values: Object.fromEntries(derivations.map((derivation) => [derivation.name, derivation.value])),
    derivations,
  };
}

function readInputs(
  fields: Readonly<Record<string, NumberRule>>,
  raw: Readonly<Record<string, unknown>>,
): Map<string, Q> {
  const read = new Map<string, Q>();
  for (const [field, rule] of Object.entries(fields)) {
    const value = readNumber(field, rule, raw[field]);
    if (value !== undefined) read.set(field, value);
  }
  return read;
}

const text = (value: Q) => value.toFixed();
const integer = (value: Q) => value.toFixed(0);

// ---------------------------------------------------------------------------------------------
// WHO/MSH consumption method

export interface WhoInput {
  /** CT: consumption in the review period, in units. */
  consumptionInPeriod?: string | null;
  /** RM: months in the review period. */
  reviewMonths?: string | null;
  /** DOS: days out of stock in the review period. */
  daysOutOfStock?: string | null;
  /** LT: lead time, in months. */
  leadTimeMonths?: string | null;
  /** PP: procurement period (months the purchase must cover), in months. */
  procurementPeriodMonths?: string | null;
  stockOnHand?: string | null;
  stockOnOrder?: string | null;
  /** CA given instead of computed (what-if). */
  adjustedMonthlyConsumption?: string | null;
  /** SS given instead of computed (what-if). */
  safetyStock?: string | null;
  /** QO given instead of computed (what-if). */
  quantityToOrder?: string | null;
}

const whoFields = {
  consumptionInPeriod: { label: 'Consumo del período', min: 'zero' },
  reviewMonths: { label: 'Meses del período revisado', min: 'positive' },
  daysOutOfStock: { label: 'Días sin existencias', min: 'zero' },
  leadTimeMonths: { label: 'Tiempo de entrega en meses', min: 'zero' },
  procurementPeriodMonths: { label: 'Período de compra en meses', min: 'zero' },
  stockOnHand: { label: 'Existencias disponibles', min: 'zero' },
  stockOnOrder: { label: 'Existencias en pedido', min: 'zero' },
} as const satisfies Record<string, NumberRule>;

const fourPlaces = (value: Q) => value.toFixed(WHO_DECIMALS);
const WHO_ROUNDING = `${WHO_DECIMALS} decimales, mitad hacia arriba`;

const whoSteps: readonly StepSpec[] = [
  {
    name: 'adjustedMonthlyConsumption',
    symbol: 'CA',
    label: 'Consumo mensual ajustado',
    formula: `CA = CT ÷ (RM − DOS ÷ ${WHO_DAYS_PER_MONTH})`,
    rounding: WHO_ROUNDING,
    given: { label: 'Consumo mensual ajustado', min: 'zero', maxDecimals: WHO_DECIMALS },
    uses: [],
    format: fourPlaces,
  },
  {
    name: 'safetyStock',
    symbol: 'SS',
    label: 'Stock de seguridad',
    formula: 'SS = CA × LT',
    rounding: `${WHO_ROUNDING}; calculado con CA ya redondeado`,
    given: { label: 'Stock de seguridad', min: 'zero', maxDecimals: WHO_DECIMALS },
    uses: ['adjustedMonthlyConsumption'],
    format: fourPlaces,
  },
  {
    name: 'quantityToOrder',
    symbol: 'QO',
    label: 'Cantidad a pedir',
    formula: 'QO = CA × (LT + PP) + SS − (existencias disponibles + existencias en pedido), nunca menor que 0',
    rounding: 'hacia arriba, a la unidad entera; calculada con CA y SS ya redondeados',
    given: { label: 'Cantidad a pedir', min: 'zero', integer: true },
    uses: ['adjustedMonthlyConsumption', 'safetyStock'],
    final: true,
    format: integer,
  },
];

const whoComputes: Record<string, StepCompute> = {
  adjustedMonthlyConsumption(ctx) {
    const ct = ctx.get('consumptionInPeriod');
    const rm = ctx.get('reviewMonths');
    const dos = ctx.get('daysOutOfStock');
    // CT ÷ (RM − DOS ÷ 30.4) = CT × 30.4 ÷ (RM × 30.4 − DOS): one division, rounded once.
    const days = new Q(WHO_DAYS_PER_MONTH);
    const value = divide(ct.times(days), rm.times(days).minus(dos), WHO_DECIMALS, 'halfUp');
    return { value, inputs: { consumptionInPeriod: text(ct), reviewMonths: text(rm), daysOutOfStock: text(dos) } };
  },
  safetyStock(ctx) {
    const ca = ctx.get('adjustedMonthlyConsumption');
    const lt = ctx.get('leadTimeMonths');
    return { value: fourDecimals(ca.times(lt)), inputs: { adjustedMonthlyConsumption: fourPlaces(ca), leadTimeMonths: text(lt) } };
  },
  quantityToOrder(ctx) {
    const ca = ctx.get('adjustedMonthlyConsumption');
    const lt = ctx.get('leadTimeMonths');
    const pp = ctx.get('procurementPeriodMonths');
    const ss = ctx.get('safetyStock');
    const onHand = ctx.get('stockOnHand');
    const onOrder = ctx.get('stockOnOrder');
    const need = ca.times(lt.plus(pp)).plus(ss).minus(onHand.plus(onOrder));
    return {
      value: need.lte(0) ? new Q(0) : wholeUnitUp(need),
      inputs: {
        adjustedMonthlyConsumption: fourPlaces(ca),
        leadTimeMonths: text(lt),
        procurementPeriodMonths: text(pp),
        safetyStock: fourPlaces(ss),
        stockOnHand: text(onHand),
        stockOnOrder: text(onOrder),
      },
    };
  },
};

/** The message when the days out of stock are not fewer than the review period's days (RM × 30.4), or null. */
export function whoStockoutDaysProblem(reviewMonths: string, daysOutOfStock: string): string | null {
  const periodDays = plain(reviewMonths).times(WHO_DAYS_PER_MONTH);
  const dos = plain(daysOutOfStock);
  if (dos.lt(periodDays)) return null;
  return (
    `Días sin existencias (daysOutOfStock): deben ser menos que los días del período revisado ` +
    `(RM × ${WHO_DAYS_PER_MONTH} = ${periodDays.toFixed()}); se recibió "${dos.toFixed()}"`
  );
}

/** WHO/MSH consumption method: CA, SS and QO with their derivations. Throws QuantificationInputError. */
export function calculateWho(input: WhoInput): QuantificationResult {
  const raw = input as Readonly<Record<string, unknown>>;
  const read = readInputs(whoFields, raw);
  const rm = read.get('reviewMonths');
  const dos = read.get('daysOutOfStock');
  if (rm !== undefined && dos !== undefined) {
    const problem = whoStockoutDaysProblem(rm.toFixed(), dos.toFixed());
    if (problem) throw new QuantificationInputError('daysOutOfStock', 'stockout_days', problem);
  }
  const labels = Object.fromEntries([
    ...Object.entries(whoFields).map(([field, rule]) => [field, rule.label]),
    ...whoSteps.map((step) => [step.name, step.label]),
  ]);
  return runSteps('who', whoSteps, whoComputes, raw, read, labels);
}

// ---------------------------------------------------------------------------------------------
// OpenLMIS requisition method

/** One stock adjustment: a credit (additive) adds to the stock, a debit (loss) takes from it. */
export interface StockAdjustment {
  quantity: string;
  additive: boolean;
  reason?: string | null;
}

export interface OpenLmisInput {
  /** A: beginning balance. */
  beginningBalance?: string | null;
  /** B: total received quantity. */
  totalReceivedQuantity?: string | null;
  /** C: total consumed quantity. */
  totalConsumedQuantity?: string | null;
  /** D given instead of the sum of `lossesAndAdjustments`. */
  totalLossesAndAdjustments?: string | null;
  lossesAndAdjustments?: readonly StockAdjustment[] | null;
  /** E given instead of A + B − C + D. */
  stockOnHand?: string | null;
  /** X: total stockout days. */
  totalStockoutDays?: string | null;
  /** M: months in the period. */
  monthsInPeriod?: string | null;
  /** N given instead of computed. */
  adjustedConsumption?: string | null;
  /** N of the previous periods, averaged with this one. */
  previousAdjustedConsumptions?: readonly string[] | null;
  /** P given instead of computed. */
  averageConsumption?: string | null;
  maxPeriodsOfStock?: string | null;
  /** H given instead of computed. */
  maximumStockQuantity?: string | null;
  /** I given instead of computed. */
  calculatedOrderQuantity?: string | null;
  /** The quantity to order (requested or approved); I when not given. */
  orderQuantity?: string | null;
  /** Dispensing units per pack. */
  netContent?: string | null;
  packRoundingThreshold?: string | null;
  roundToZero?: boolean | null;
  /** Packs given instead of computed. */
  packsToShip?: string | null;
  pricePerPack?: string | null;
  /** Total cost given instead of computed. */
  totalCost?: string | null;
}

const openLmisFields = {
  beginningBalance: { label: 'Saldo inicial', integer: true, min: 'zero' },
  totalReceivedQuantity: { label: 'Cantidad recibida', integer: true, min: 'zero' },
  totalConsumedQuantity: { label: 'Consumo del período', integer: true, min: 'zero' },
  totalStockoutDays: { label: 'Días sin existencias', integer: true, min: 'zero' },
  monthsInPeriod: { label: 'Meses del período', integer: true, min: 'positive' },
  maxPeriodsOfStock: { label: 'Períodos máximos de existencias', min: 'zero' },
  netContent: { label: 'Contenido del envase', integer: true, min: 'zero' },
  packRoundingThreshold: { label: 'Umbral de redondeo del envase', integer: true, min: 'zero' },
  pricePerPack: { label: 'Precio por envase', min: 'zero' },
} as const satisfies Record<string, NumberRule>;

const adjustmentQuantity: NumberRule = { label: 'Cantidad del ajuste', integer: true, min: 'zero' };
const previousConsumption: NumberRule = { label: 'Consumo ajustado de un período anterior', integer: true, min: 'zero' };

const count = (label: string): NumberRule => ({ label, integer: true, min: 'zero' });

const openLmisSteps: readonly StepSpec[] = [
  {
    name: 'totalLossesAndAdjustments',
    symbol: 'D',
    label: 'Pérdidas y ajustes',
    formula: 'D = suma de los ajustes: los de crédito suman, las pérdidas restan',
    rounding: 'ninguno (unidades enteras)',
    given: { label: 'Pérdidas y ajustes', integer: true },
    uses: [],
    format: integer,
  },
  {
    name: 'stockOnHand',
    symbol: 'E',
    label: 'Existencias al cierre',
    formula: 'E = A + B − C + D',
    rounding: 'ninguno (unidades enteras)',
    given: count('Existencias al cierre'),
    uses: ['totalLossesAndAdjustments'],
    format: integer,
  },
  {
    name: 'adjustedConsumption',
    symbol: 'N',
    label: 'Consumo ajustado',
    formula: `N = ⌈C × ${OPENLMIS_DAYS_PER_MONTH}M ÷ (${OPENLMIS_DAYS_PER_MONTH}M − X)⌉; N = C si X cubre todo el período (X = ${OPENLMIS_DAYS_PER_MONTH}M)`,
    rounding: 'hacia arriba, a la unidad entera (techo)',
    given: count('Consumo ajustado'),
    uses: [],
    format: integer,
  },
  {
    name: 'averageConsumption',
    symbol: 'P',
    label: 'Consumo promedio',
    formula: 'P = ⌈ΣN ÷ n⌉, con N de este período y de los anteriores',
    rounding: 'hacia arriba, a la unidad entera (techo)',
    given: count('Consumo promedio'),
    uses: ['adjustedConsumption'],
    format: integer,
  },
  {
    name: 'maximumStockQuantity',
    symbol: 'H',
    label: 'Existencias máximas',
    formula: 'H = P × períodos máximos de existencias',
    rounding: 'a la unidad entera, mitad hacia arriba',
    given: count('Existencias máximas'),
    uses: ['averageConsumption'],
    format: integer,
  },
  {
    name: 'calculatedOrderQuantity',
    symbol: 'I',
    label: 'Cantidad calculada a pedir',
    formula: 'I = máx(0, H − E)',
    rounding: 'ninguno (unidades enteras)',
    given: count('Cantidad calculada a pedir'),
    uses: ['maximumStockQuantity', 'stockOnHand'],
    format: integer,
  },
  {
    name: 'orderQuantity',
    symbol: 'CP',
    label: 'Cantidad a pedir',
    formula: 'CP = I, salvo que se indique otra cantidad',
    rounding: 'ninguno (unidades enteras)',
    given: count('Cantidad a pedir'),
    uses: ['calculatedOrderQuantity'],
    format: integer,
  },
  {
    name: 'packsToShip',
    symbol: 'V',
    label: 'Envases a despachar',
    formula:
      'V = envases enteros de CP ÷ contenido del envase; el resto suma un envase solo si supera el umbral de redondeo; ' +
      '0 envases pasan a 1 salvo «redondear a cero»; CP = 0 o contenido 0 dan 0 envases',
    rounding: 'envases enteros, con el umbral de redondeo',
    given: count('Envases a despachar'),
    uses: ['orderQuantity'],
    final: true,
    format: integer,
  },
  {
    name: 'totalCost',
    symbol: 'Costo',
    label: 'Costo total',
    formula: 'Costo total = V × precio por envase',
    rounding: '2 decimales (céntimos), mitad hacia arriba',
    given: { label: 'Costo total', min: 'zero', maxDecimals: 2 },
    uses: ['packsToShip'],
    format: (value) => value.toFixed(2),
  },
];

/** Net adjustment of one stock adjustment: + for a credit, − for a debit. */
const signed = (adjustment: { quantity: Q; additive: boolean }) => (adjustment.additive ? adjustment.quantity : adjustment.quantity.negated());

function openLmisComputes(
  adjustments: readonly { quantity: Q; additive: boolean }[] | undefined,
  previous: readonly Q[],
  roundToZero: boolean,
  read: ReadonlyMap<string, Q>,
): Record<string, StepCompute> {
  return {
    totalLossesAndAdjustments(ctx) {
      // No list means no adjustments (OpenLMIS's zero) when E needs D; otherwise D is left out.
      if (adjustments === undefined && !ctx.needed) ctx.get('lossesAndAdjustments');
      const value = (adjustments ?? []).reduce((sum, adjustment) => sum.plus(signed(adjustment)), new Q(0));
      return {
        value,
        inputs: { lossesAndAdjustments: (adjustments ?? []).map((adjustment) => (adjustment.additive ? `+${integer(adjustment.quantity)}` : `-${integer(adjustment.quantity)}`)) },
      };
    },
    stockOnHand(ctx) {
      const a = ctx.get('beginningBalance');
      const b = ctx.get('totalReceivedQuantity');
      const c = ctx.get('totalConsumedQuantity');
      const d = ctx.get('totalLossesAndAdjustments');
      const value = a.plus(b).minus(c).plus(d);
      if (value.lt(0)) {
        throw new QuantificationInputError(
          'stockOnHand',
          'negative_stock',
          `Existencias al cierre (stockOnHand): A + B − C + D da ${integer(value)}, un saldo negativo; revise el saldo inicial, lo recibido, el consumo y los ajustes`,
        );
      }
      return {
        value,
        inputs: { beginningBalance: integer(a), totalReceivedQuantity: integer(b), totalConsumedQuantity: integer(c), totalLossesAndAdjustments: integer(d) },
      };
    },
    adjustedConsumption(ctx) {
      const c = ctx.get('totalConsumedQuantity');
      const x = ctx.get('totalStockoutDays');
      const m = ctx.get('monthsInPeriod');
      const totalDays = m.times(OPENLMIS_DAYS_PER_MONTH);
      const daysInStock = totalDays.minus(x);
      // X = 30M: no day with stock to scale from, so N = C (OpenLMIS's rule); X > 30M is refused when read.
      const value = daysInStock.isZero() ? c : divide(c.times(totalDays), daysInStock, 0, 'ceiling');
      return { value, inputs: { totalConsumedQuantity: integer(c), totalStockoutDays: integer(x), monthsInPeriod: integer(m) } };
    },
    averageConsumption(ctx) {
      const n = ctx.get('adjustedConsumption');
      const all = [...previous, n];
      const sum = all.reduce((total, value) => total.plus(value), new Q(0));
      return {
        value: divide(sum, new Q(all.length), 0, 'ceiling'),
        inputs: { adjustedConsumption: integer(n), previousAdjustedConsumptions: previous.map(integer) },
      };
    },
    maximumStockQuantity(ctx) {
      const p = ctx.get('averageConsumption');
      const periods = ctx.get('maxPeriodsOfStock');
      return { value: wholeUnitHalfUp(p.times(periods)), inputs: { averageConsumption: integer(p), maxPeriodsOfStock: text(periods) } };
    },
    calculatedOrderQuantity(ctx) {
      const h = ctx.get('maximumStockQuantity');
      const e = ctx.get('stockOnHand');
      const difference = h.minus(e);
      return { value: difference.lt(0) ? new Q(0) : difference, inputs: { maximumStockQuantity: integer(h), stockOnHand: integer(e) } };
    },
    orderQuantity(ctx) {
      const i = ctx.get('calculatedOrderQuantity');
      return { value: i, inputs: { calculatedOrderQuantity: integer(i) } };
    },
    packsToShip(ctx) {
      const quantity = ctx.get('orderQuantity');
      const netContent = ctx.get('netContent');
      const threshold = read.get('packRoundingThreshold') ?? new Q(0);
      return {
        value: packs(quantity, netContent, threshold, roundToZero),
        inputs: { orderQuantity: integer(quantity), netContent: integer(netContent), packRoundingThreshold: integer(threshold), roundToZero },
      };
    },
    totalCost(ctx) {
      const v = ctx.get('packsToShip');
      const price = ctx.get('pricePerPack');
      return { value: new Q(lineAmount(integer(v), text(price))), inputs: { packsToShip: integer(v), pricePerPack: text(price) } };
    },
  };
}

/** The message when the stockout days exceed the period's days (30 × M), or null (OpenLMIS's StockOutDaysValidator). */
export function openLmisStockoutDaysProblem(monthsInPeriod: string, totalStockoutDays: string): string | null {
  const periodDays = plain(monthsInPeriod).times(OPENLMIS_DAYS_PER_MONTH);
  const x = plain(totalStockoutDays);
  if (x.lte(periodDays)) return null;
  return (
    `Días sin existencias (totalStockoutDays): no pueden superar los días del período ` +
    `(${OPENLMIS_DAYS_PER_MONTH} × M = ${periodDays.toFixed()}); se recibió "${x.toFixed()}"`
  );
}

function readList<T, R>(field: string, label: string, raw: unknown, read: (item: T, index: number) => R): R[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    throw new QuantificationInputError(field, 'not_a_list', `${label} (${field}): debe ser una lista`);
  }
  return (raw as T[]).map(read);
}

/**
 * OpenLMIS requisition method: D, E, N, P, H, I, the quantity to order, packs to ship and (with a
 * price per pack) the total cost, with their derivations. Throws QuantificationInputError.
 */
export function calculateOpenLmis(input: OpenLmisInput): QuantificationResult {
  const raw = input as Readonly<Record<string, unknown>>;
  const read = readInputs(openLmisFields, raw);
  const m = read.get('monthsInPeriod');
  const x = read.get('totalStockoutDays');
  if (m !== undefined && x !== undefined) {
    const problem = openLmisStockoutDaysProblem(m.toFixed(), x.toFixed());
    if (problem) throw new QuantificationInputError('totalStockoutDays', 'stockout_days', problem);
  }

  const adjustments = readList<StockAdjustment, { quantity: Q; additive: boolean }>(
    'lossesAndAdjustments',
    'Pérdidas y ajustes',
    raw.lossesAndAdjustments,
    (adjustment, index) => {
      const field = `lossesAndAdjustments.${index}.quantity`;
      const quantity = readNumber(field, adjustmentQuantity, adjustment?.quantity);
      if (quantity === undefined) {
        throw new QuantificationInputError(field, 'missing', `Falta la cantidad del ajuste ${index + 1} (${field})`);
      }
      if (typeof adjustment.additive !== 'boolean') {
        throw new QuantificationInputError(
          `lossesAndAdjustments.${index}.additive`,
          'missing',
          `Indique si el ajuste ${index + 1} suma (crédito) o resta (pérdida) en lossesAndAdjustments.${index}.additive`,
        );
      }
      return { quantity, additive: adjustment.additive };
    },
  );
  const previous = readList<string, Q>('previousAdjustedConsumptions', 'Consumos ajustados anteriores', raw.previousAdjustedConsumptions, (value, index) => {
    const field = `previousAdjustedConsumptions.${index}`;
    const consumption = readNumber(field, previousConsumption, value);
    if (consumption === undefined) throw new QuantificationInputError(field, 'missing', `Falta el consumo ajustado anterior ${index + 1} (${field})`);
    return consumption;
  }) ?? [];
  const roundToZero = raw.roundToZero ?? false;
  if (typeof roundToZero !== 'boolean') {
    throw new QuantificationInputError('roundToZero', 'not_a_boolean', 'Redondear a cero (roundToZero): debe ser verdadero o falso');
  }

  const labels = Object.fromEntries([
    ...Object.entries(openLmisFields).map(([field, rule]) => [field, rule.label]),
    ...openLmisSteps.map((step) => [step.name, step.label]),
  ]);
  return runSteps('openlmis', openLmisSteps, openLmisComputes(adjustments, previous, roundToZero, read), raw, read, labels);
}

export type QuantificationInput = ({ method: 'who' } & WhoInput) | ({ method: 'openlmis' } & OpenLmisInput);

/** One item's quantification by the method named in the input (POST /api/quantification/calculate). */
export function calculateQuantification(input: QuantificationInput): QuantificationResult {
  return input.method === 'who' ? calculateWho(input) : calculateOpenLmis(input);
}
