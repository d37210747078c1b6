// From consumption to a programme's quantities (issue 14). One item is calculated by
// shared/quantification.ts; a programme's items are each given the method's inputs from the
// stored data, nationally (every care network summed), over a review period of whole months:
//
// - WHO/MSH: CT = consumption of the period's months with data; RM = those months; DOS = the days
//   out of stock of an average care network over them (Σ days out of stock × RM ÷ records, one
//   record per network and month), rounded half up to 4 decimals; LT and PP from the item's
//   parameters; stock on hand and on order summed. The suggestion is QO, in units.
// - OpenLMIS: monthly periods (M = 1). The last month with data is the current period (C its
//   consumption, X its days out of stock per network, half up to whole days, at most 30 as
//   OpenLMIS months have 30 days); the earlier months give the previous adjusted consumptions,
//   each N = ⌈C × 30 ÷ (30 − X)⌉ (C when X = 30) by the same boundary function as the calculator;
//   consumption is taken up to whole units (ceiling) and stock on hand down to whole units (floor),
//   as OpenLMIS counts whole units; max periods of stock = the item's maximum months; net content =
//   units per pack, threshold 0 (any remainder adds a pack). The suggestion is packs × units per pack.
//
// Items are those with a line in the programme (accepting writes lines); items with consumption
// and no line are counted, not suggested. The price is the item's last award (any programme), or
// else its line's unit price, and each suggestion says which.
import DecimalJs from 'decimal.js';
import type { Kysely } from 'kysely';
import { divideRounded } from '../../../shared/exact-division.ts';
import { lineAmount, subtractMoney, sumMoney } from '../../../shared/money.ts';
import {
  DEFAULT_SUPPLY_PARAMETERS,
  acceptSuggestionsSchema,
  type AcceptSuggestionsInput,
  type AcceptSuggestionsResult,
  type QuantificationMethod,
  type QuantificationPage,
  type QuantificationQuery,
  type QuantificationSuggestion,
  type ReviewPeriod,
} from '../../../shared/quantification-api.ts';
import { quantificationCalculateSchema } from '../../../shared/quantification-schemas.ts';
import {
  OPENLMIS_DAYS_PER_MONTH,
  QuantificationInputError,
  calculateOpenLmis,
  calculateQuantification,
  calculateWho,
  ceilingOfQuotient,
  type QuantificationResult,
} from '../../../shared/quantification.ts';
import type { Database } from '../../../db/schema.ts';
import { auditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { currentMonth } from '../consumption/consumption.service.ts';
import { requireProgramme, setLineQuantitiesInTransaction } from '../programmes/programmes.service.ts';
import { HttpProblem, InvalidValueProblem, type FieldError } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { problemTypes } from '../../../shared/problem-types.ts';
import * as repository from './quantification.repository.ts';

type Db = Kysely<Database>;

/** Sums and products of stored quantities, exact: far more digits than numeric(14,4) sums can have. */
export const Decimal = DecimalJs.clone({ precision: 100, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = DecimalJs;

/** POST /api/quantification/calculate: one item, nothing saved; bad input of the method is 422 naming its field. */
export function calculate(input: unknown): QuantificationResult {
  const parsed = parseRequest(quantificationCalculateSchema, input, 'body');
  try {
    return calculateQuantification(parsed);
  } catch (error) {
    if (error instanceof QuantificationInputError) throw new InvalidValueProblem([{ field: error.field, in: 'body', message: error.message }]);
    throw error;
  }
}

// ---- Review period -------------------------------------------------------------------------

function addMonths(month: string, count: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * `months` whole months up to `until`; a future month is 422. By default the months before the
 * programme's fiscal year (up to its December before) or, for this year's and later plans, up to
 * the month before the current one: a plan is made from the consumption seen before it.
 */
export function reviewPeriod(now: Date, fiscalYear: number, until: string | undefined, months: number, part: FieldError['in'] = 'query'): ReviewPeriod {
  const current = currentMonth(now);
  const beforeFiscalYear = `${fiscalYear - 1}-12`;
  const lastComplete = addMonths(current, -1);
  const last = until ?? (beforeFiscalYear < lastComplete ? beforeFiscalYear : lastComplete);
  if (last > current) {
    throw new InvalidValueProblem([{ field: 'until', in: part, message: `Hasta: ${last} es posterior al mes en curso (${current}); no hay consumo futuro que revisar` }]);
  }
  return { from: addMonths(last, -(months - 1)), until: last, months };
}

// ---- Suggestions ---------------------------------------------------------------------------

const whole = (value: Decimal, mode: DecimalJs.Rounding) => value.toDecimalPlaces(0, mode).toFixed(0);

export interface ItemData {
  lines: repository.ProgrammeLineRow[];
  months: repository.MonthlyConsumption[];
  stock: { stockOnHand: string; stockOnOrder: string } | undefined;
  parameters: repository.ParametersRow | undefined;
  award: repository.LastAward | undefined;
}

export function whoInputs(data: ItemData, parameters: typeof DEFAULT_SUPPLY_PARAMETERS | repository.ParametersRow) {
  const consumed = data.months.reduce((sum, month) => sum.plus(month.consumed), new Decimal(0));
  const days = data.months.reduce((sum, month) => sum.plus(month.daysOutOfStock), new Decimal(0));
  const records = data.months.reduce((sum, month) => sum + month.records, 0);
  const reviewMonths = data.months.length;
  return {
    consumptionInPeriod: consumed.toFixed(),
    reviewMonths: String(reviewMonths),
    // The days out of stock of an average care network over the months with data.
    daysOutOfStock: divideRounded(days.times(reviewMonths), new Decimal(records), 4, 'halfUp'),
    leadTimeMonths: new Decimal(parameters.leadTimeMonths).toFixed(),
    procurementPeriodMonths: new Decimal(parameters.procurementPeriodMonths).toFixed(),
    stockOnHand: new Decimal(data.stock?.stockOnHand ?? 0).toFixed(),
    stockOnOrder: new Decimal(data.stock?.stockOnOrder ?? 0).toFixed(),
  };
}

function openLmisMonth(month: repository.MonthlyConsumption) {
  const consumed = whole(new Decimal(month.consumed), Decimal.ROUND_CEIL);
  const perNetwork = divideRounded(new Decimal(month.daysOutOfStock), new Decimal(month.records), 0, 'halfUp');
  const stockout = Math.min(Number(perNetwork), OPENLMIS_DAYS_PER_MONTH);
  return { consumed, stockout };
}

function openLmisInputs(data: ItemData, parameters: typeof DEFAULT_SUPPLY_PARAMETERS | repository.ParametersRow, unitPrice: string | null) {
  const periods = data.months.map(openLmisMonth);
  const current = periods.at(-1)!;
  const previous = periods.slice(0, -1).map(({ consumed, stockout }) =>
    stockout === OPENLMIS_DAYS_PER_MONTH ? consumed : ceilingOfQuotient(new Decimal(consumed).times(OPENLMIS_DAYS_PER_MONTH).toFixed(), String(OPENLMIS_DAYS_PER_MONTH - stockout)),
  );
  const packSize = String(parameters.packSize);
  return {
    totalConsumedQuantity: current.consumed,
    totalStockoutDays: String(current.stockout),
    monthsInPeriod: '1',
    previousAdjustedConsumptions: previous,
    stockOnHand: whole(new Decimal(data.stock?.stockOnHand ?? 0), Decimal.ROUND_FLOOR),
    maxPeriodsOfStock: new Decimal(parameters.maxMonths).toFixed(),
    netContent: packSize,
    packRoundingThreshold: '0',
    ...(unitPrice === null ? {} : { pricePerPack: new Decimal(unitPrice).times(packSize).toFixed() }),
  };
}

const sumQuantities = (values: (string | null)[]) => {
  const present = values.filter((value): value is string => value !== null);
  return present.length === 0 ? null : present.reduce((sum, value) => sum.plus(value), new Decimal(0)).toFixed();
};

function suggest(method: QuantificationMethod, data: ItemData): QuantificationSuggestion {
  const first = data.lines[0]!;
  const award = data.award;
  const linePrice = data.lines.find((line) => line.unitPrice !== null)?.unitPrice ?? null;
  const unitPrice = award?.unitPrice ?? linePrice;
  const priceSource = award ? ('award' as const) : linePrice !== null ? ('line' as const) : null;
  const parameters = data.parameters ?? DEFAULT_SUPPLY_PARAMETERS;
  const currentQuantity = sumQuantities(data.lines.map((line) => line.quantity));
  const currentAmount = sumMoney(data.lines.map((line) => line.amount ?? '0.00'));

  let inputs: QuantificationSuggestion['inputs'] = {};
  let result: QuantificationResult | null = null;
  let suggestedQuantity: string | null = null;
  let problem: string | null = null;
  if (data.months.length === 0) {
    problem = 'Sin datos de consumo en el período: no se calcula una cantidad.';
  } else {
    try {
      if (method === 'who') {
        const who = whoInputs(data, parameters);
        inputs = who;
        result = calculateWho(who);
        suggestedQuantity = result.values.quantityToOrder!;
      } else {
        const lmis = openLmisInputs(data, parameters, unitPrice);
        inputs = lmis;
        result = calculateOpenLmis(lmis);
        suggestedQuantity = new Decimal(result.values.packsToShip!).times(lmis.netContent).toFixed();
      }
    } catch (error) {
      if (!(error instanceof QuantificationInputError)) throw error;
      problem = `No se puede calcular con los datos registrados: ${error.message}`;
    }
  }

  const suggestedAmount = suggestedQuantity !== null && unitPrice !== null ? lineAmount(suggestedQuantity, unitPrice) : null;
  if (problem === null && data.lines.length > 1) problem = `El ítem tiene ${data.lines.length} líneas (una por modalidad): reparta la cantidad a mano.`;
  if (problem === null && suggestedQuantity !== null && new Decimal(suggestedQuantity).isZero()) problem = 'La cantidad sugerida es 0: no hace falta comprar en el período.';
  if (problem === null && unitPrice === null) problem = 'Sin precio: ni adjudicación anterior ni precio en la línea.';
  return {
    itemId: first.itemId,
    code: first.code,
    name: first.name,
    ven: first.ven,
    lines: data.lines.map((line) => ({ lineId: line.lineId, channel: line.channel, quantity: line.quantity, unitPrice: line.unitPrice, version: line.version })),
    currentQuantity,
    currentAmount,
    suggestedQuantity,
    difference: suggestedQuantity === null ? null : new Decimal(suggestedQuantity).minus(currentQuantity ?? 0).toFixed(),
    unitPrice,
    priceSource,
    award: award ? { processId: award.processId, processCode: award.processCode, awardedOn: award.awardedOn } : null,
    suggestedAmount,
    amountDifference: suggestedAmount === null ? null : subtractMoney(suggestedAmount, currentAmount),
    parametersSource: data.parameters ? 'item' : 'default',
    inputs,
    result,
    problem,
    acceptable: problem === null,
  };
}

/**
 * Each item of the programme (by code) with what quantifying it reads, and the items with
 * consumption but no line; `itemIds` limits the consumption read to those items.
 */
export async function loadItemData(db: Db, programmeId: number, period: ReviewPeriod, itemIds?: readonly number[]) {
  const from = `${period.from}-01`;
  const until = `${period.until}-01`;
  const [lines, monthly, stock, parameters, awards, itemsWithoutLine] = await Promise.all([
    repository.findProgrammeLines(db, programmeId),
    repository.findMonthlyConsumption(db, programmeId, from, until, itemIds),
    repository.findNationalStock(db, programmeId),
    repository.findProgrammeParameters(db, programmeId),
    repository.findLastAwards(db, programmeId),
    repository.countItemsWithoutLine(db, programmeId, from, until),
  ]);
  const monthsOf = new Map<number, repository.MonthlyConsumption[]>();
  for (const row of monthly) {
    const list = monthsOf.get(row.itemId) ?? [];
    list.push(row);
    monthsOf.set(row.itemId, list);
  }
  const linesOf = new Map<number, repository.ProgrammeLineRow[]>();
  for (const line of lines) {
    const list = linesOf.get(line.itemId) ?? [];
    list.push(line);
    linesOf.set(line.itemId, list);
  }
  const items: ItemData[] = [...linesOf].map(([itemId, itemLines]) => ({
    lines: itemLines,
    months: (monthsOf.get(itemId) ?? []).sort((a, b) => (a.month < b.month ? -1 : 1)),
    stock: stock.get(itemId),
    parameters: parameters.get(itemId),
    award: awards.get(itemId),
  }));
  return { items, hasData: monthly.length > 0, itemsWithoutLine };
}

/**
 * Every item of the programme (or of `itemIds`) with its suggestion, by code; for the whole
 * programme, 422 naming `until` when the period has no data at all (for named items, each says why).
 */
async function suggestAll(db: Db, programmeId: number, method: QuantificationMethod, period: ReviewPeriod, part: FieldError['in'], itemIds?: readonly number[]) {
  const { items, hasData, itemsWithoutLine } = await loadItemData(db, programmeId, period, itemIds);
  if (itemIds === undefined && items.length > 0 && !hasData) {
    throw new HttpProblem(422, problemTypes.invalidValue, 'Valor no válido', `No hay datos de consumo de los ítems del programa entre ${period.from} y ${period.until}.`, [
      { field: 'until', in: part, message: `Período sin datos: ningún consumo registrado entre ${period.from} y ${period.until}` },
    ]);
  }
  const only = itemIds === undefined ? undefined : new Set(itemIds);
  const wanted = only === undefined ? items : items.filter((data) => only.has(data.lines[0]!.itemId));
  return { suggestions: wanted.map((data) => suggest(method, data)), itemsWithoutLine };
}

export async function quantifyProgramme(db: Db, now: Date, programmeId: number, query: QuantificationQuery): Promise<QuantificationPage> {
  const programme = await requireProgramme(db, programmeId);
  const period = reviewPeriod(now, programme.fiscalYear, query.until, query.months);
  const { suggestions, itemsWithoutLine } = await suggestAll(db, programmeId, query.method, period, 'query');
  const withSuggestion = suggestions.filter((suggestion) => suggestion.suggestedAmount !== null);
  const suggestedAmount = sumMoney(withSuggestion.map((suggestion) => suggestion.suggestedAmount!));
  const currentAmount = sumMoney(withSuggestion.map((suggestion) => suggestion.currentAmount));
  const start = (query.page - 1) * query.pageSize;
  return {
    method: query.method,
    period,
    total: suggestions.length,
    page: query.page,
    pageSize: query.pageSize,
    items: suggestions.slice(start, start + query.pageSize),
    totals: {
      currentAmount,
      suggestedAmount,
      difference: subtractMoney(suggestedAmount, currentAmount),
      withSuggestion: withSuggestion.length,
      acceptable: suggestions.filter((suggestion) => suggestion.acceptable).length,
    },
    itemsWithoutLine,
  };
}

/**
 * Accepts the suggestions of the named items into the programme's lines: quantity and the
 * suggestion's unit price, in one audited change through the programmes service (a draft only;
 * lines locked, versions moved on). Suggestions are computed again under the lock, so what is
 * written is what the data says now. An item without an acceptable suggestion refuses the whole
 * request (422 naming it): nothing is applied.
 */
export async function acceptSuggestions(db: Db, context: AuditContext, now: Date, programmeId: number, input: AcceptSuggestionsInput): Promise<AcceptSuggestionsResult> {
  const body = parseRequest(acceptSuggestionsSchema, input, 'body');
  const programme = await requireProgramme(db, programmeId);
  const period = reviewPeriod(now, programme.fiscalYear, body.until, body.months, 'body');
  const itemIds = [...new Set(body.itemIds)];
  return auditedTransaction(db, context, now, async (tx) => {
    const accepted = new Map<number, QuantificationSuggestion>();
    const changed = await setLineQuantitiesInTransaction(
      tx,
      programmeId,
      itemIds,
      async () => {
        const { suggestions } = await suggestAll(tx.trx, programmeId, body.method, period, 'body', itemIds);
        const byItem = new Map(suggestions.map((suggestion) => [suggestion.itemId, suggestion]));
        const refused: FieldError[] = [];
        body.itemIds.forEach((itemId, index) => {
          const suggestion = byItem.get(itemId);
          if (!suggestion) refused.push({ field: `itemIds.${index}`, in: 'body', message: `El ítem ${itemId} no tiene línea en el programa ${programmeId}.` });
          else if (!suggestion.acceptable) refused.push({ field: `itemIds.${index}`, in: 'body', message: `Ítem ${suggestion.code}: ${suggestion.problem}` });
          else accepted.set(itemId, suggestion);
        });
        if (refused.length > 0) throw new InvalidValueProblem(refused);
        return [...accepted.values()].map((suggestion) => ({
          lineId: suggestion.lines[0]!.lineId,
          quantity: suggestion.suggestedQuantity!,
          unitPrice: suggestion.unitPrice!,
        }));
      },
      { quantification: { method: body.method, from: period.from, until: period.until } },
    );
    const itemOfLine = new Map([...accepted.values()].map((suggestion) => [suggestion.lines[0]!.lineId, suggestion.itemId]));
    return {
      affected: changed.length,
      lines: changed.map((line) => ({ itemId: itemOfLine.get(line.id)!, lineId: line.id, quantity: line.quantity!, unitPrice: line.unitPrice!, amount: line.amount!, version: line.version })),
    };
  });
}
