// Where a programme's money goes (issue 14): ABC by value and ABC × VEN over the amounts SQL sums
// per item (shared/abc-analysis.ts ranks them), and the programme's indicators.
import type { Kysely } from 'kysely';
import { AbcInputError, DEFAULT_ABC_VEN_CATEGORIES, SHARE_DECIMALS, abcAnalysis, abcVenMatrix, type AbcClass, type AbcVenCategories } from '../../../shared/abc-analysis.ts';
import { divideRounded } from '../../../shared/exact-division.ts';
import {
  DEFAULT_REVIEW_MONTHS,
  DEFAULT_SUPPLY_PARAMETERS,
  INSURED_POPULATION,
  MAX_PARETO_POINTS,
  type ParetoPoint,
  type AbcPage,
  type AbcQuery,
  type AbcVenDto,
  type AbcVenQuery,
  type ProgrammeIndicators,
} from '../../../shared/quantification-api.ts';
import { QuantificationInputError, calculateWho } from '../../../shared/quantification.ts';
import type { Database } from '../../../db/schema.ts';
import { countCoverageBy } from '../coverage/coverage.repository.ts';
import { requireProgramme } from '../programmes/programmes.service.ts';
import { ValidationProblem } from '../../platform/http/problem.ts';
import { Decimal, loadItemData, reviewPeriod, whoInputs } from './quantification.service.ts';
import * as repository from './quantification.repository.ts';

type Db = Kysely<Database>;

/** Percent of `part` in `whole`, half up to SHARE_DECIMALS; 0 when the whole is 0. */
const percent = (part: Decimal | number, whole: Decimal | number) =>
  new Decimal(whole).isZero() ? new Decimal(0).toFixed(SHARE_DECIMALS) : divideRounded(new Decimal(part).times(100), new Decimal(whole), SHARE_DECIMALS, 'halfUp');

function rankProgramme(rows: Awaited<ReturnType<typeof repository.sumAmountsByItem>>, query: { a?: string | undefined; b?: string | undefined }) {
  const priced = rows.filter((row): row is typeof row & { amount: string } => row.amount !== null);
  try {
    return { analysis: abcAnalysis(priced, { a: query.a, b: query.b }), unpricedItems: rows.length - priced.length };
  } catch (error) {
    if (error instanceof AbcInputError) throw new ValidationProblem([{ field: error.field, in: 'query', message: error.message }]);
    throw error;
  }
}

/** Every item's point up to MAX_PARETO_POINTS items; beyond, points at evenly spread ranks, the last included. */
function paretoCurve(ranked: readonly { rank: number; cumulativeShare: string; class: AbcClass }[]): ParetoPoint[] {
  const count = ranked.length;
  const ranks = count <= MAX_PARETO_POINTS ? ranked.map((item) => item.rank) : Array.from({ length: MAX_PARETO_POINTS }, (_, k) => Math.ceil(((k + 1) * count) / MAX_PARETO_POINTS));
  return ranks.map((rank) => {
    const item = ranked[rank - 1]!;
    return { rank, itemShare: divideRounded(new Decimal(rank * 100), new Decimal(count), SHARE_DECIMALS, 'halfUp'), cumulativeShare: item.cumulativeShare, class: item.class };
  });
}

/** ABC of the programme: every class summarised, the ranked items paged (filtered by class and VEN for a drill-down). */
export async function programmeAbc(db: Db, programmeId: number, query: AbcQuery): Promise<AbcPage> {
  const [, rows] = await Promise.all([requireProgramme(db, programmeId), repository.sumAmountsByItem(db, programmeId)]);
  const { analysis, unpricedItems } = rankProgramme(rows, query);
  const ranked = analysis.items.map((item, index) => ({ ...item, rank: index + 1 }));
  const filtered = ranked.filter((item) => (query.class === undefined || item.class === query.class) && (query.ven === undefined || item.ven === query.ven));
  const start = (query.page - 1) * query.pageSize;
  return {
    total: analysis.total,
    a: analysis.a,
    b: analysis.b,
    classes: analysis.classes,
    unpricedItems,
    curve: paretoCurve(ranked),
    totalItems: filtered.length,
    page: query.page,
    pageSize: query.pageSize,
    items: filtered.slice(start, start + query.pageSize),
  };
}

/** `I:AV,AE,AN,BV,CV;II:BE,CE,BN;III:CN` as categories; the default when absent. */
function readCategories(text: string | undefined): AbcVenCategories {
  if (text === undefined || text.trim() === '') return DEFAULT_ABC_VEN_CATEGORIES;
  const categories: Record<string, string[]> = {};
  for (const part of text.split(';')) {
    const match = /^\s*([^:;]{1,40}):(.*)$/.exec(part);
    if (!match) {
      throw new ValidationProblem([{ field: 'categories', in: 'query', message: `Categorías: escriba «nombre:celdas» separadas por «;», por ejemplo I:AV,AE,AN,BV,CV;II:BE,CE,BN;III:CN` }]);
    }
    categories[match[1]!.trim()] = match[2]!.split(',').map((cell) => cell.trim()).filter((cell) => cell !== '');
  }
  return categories;
}

export async function programmeAbcVen(db: Db, programmeId: number, query: AbcVenQuery): Promise<AbcVenDto> {
  const categories = readCategories(query.categories);
  const [, rows] = await Promise.all([requireProgramme(db, programmeId), repository.sumAmountsByItem(db, programmeId)]);
  const { analysis } = rankProgramme(rows, query);
  try {
    const matrix = abcVenMatrix(analysis.items, categories);
    return { total: matrix.total, a: analysis.a, b: analysis.b, cells: matrix.cells.map(({ itemIds: _ids, ...cell }) => cell), categories: matrix.categories };
  } catch (error) {
    if (error instanceof AbcInputError) throw new ValidationProblem([{ field: error.field, in: 'query', message: error.message }]);
    throw error;
  }
}

/** Months of stock are shown to 2 decimals, half up; the comparison with the minimum is exact. */
const MONTHS_DECIMALS = 2;

/**
 * The programme's indicators:
 * - spend per insured person: total ÷ 8,973,383, rounded half up to the cent (the named boundary);
 * - share of spend by reverse auction, percent to 4 decimals half up;
 * - items at risk: national stock on hand ÷ adjusted monthly consumption (WHO CA over the default
 *   review period) below the item's minimum months (its parameters, or the default);
 * - coverage of the centralized list: the coverage feature's items and not covered.
 */
export async function programmeIndicators(db: Db, now: Date, programmeId: number): Promise<ProgrammeIndicators> {
  const programme = await requireProgramme(db, programmeId);
  const period = reviewPeriod(now, programme.fiscalYear, undefined, DEFAULT_REVIEW_MONTHS);
  const [sums, { items }, coverage] = await Promise.all([
    repository.sumAmountsByProcess(db, programmeId),
    loadItemData(db, programmeId, period),
    countCoverageBy(db, programmeId, 'supplyList'),
  ]);
  const total = new Decimal(sums.total ?? 0);
  const reverseAuction = new Decimal(sums.reverseAuction ?? 0);

  const atRisk: ProgrammeIndicators['itemsAtRisk']['items'] = [];
  let assessed = 0;
  for (const data of items) {
    if (data.months.length === 0 || data.stock === undefined) continue;
    let consumption: string;
    try {
      consumption = calculateWho(whoInputs(data, data.parameters ?? DEFAULT_SUPPLY_PARAMETERS)).values.adjustedMonthlyConsumption!;
    } catch (error) {
      if (error instanceof QuantificationInputError) continue;
      throw error;
    }
    assessed++;
    if (new Decimal(consumption).isZero()) continue;
    const minMonths = new Decimal(data.parameters?.minMonths ?? DEFAULT_SUPPLY_PARAMETERS.minMonths);
    const onHand = new Decimal(data.stock.stockOnHand);
    // stock ÷ CA < min  ⇔  stock < min × CA: decided exactly, shown rounded.
    if (onHand.lt(minMonths.times(consumption))) {
      const line = data.lines[0]!;
      atRisk.push({ itemId: line.itemId, code: line.code, name: line.name, monthsOfStock: divideRounded(onHand, new Decimal(consumption), MONTHS_DECIMALS, 'halfUp'), minMonths: minMonths.toFixed() });
    }
  }

  const centralized = coverage.find((row) => row.key === 'centralized');
  const centralizedItems = centralized?.items ?? 0;
  const covered = centralizedItems - (centralized?.not_covered ?? 0);
  return {
    total: total.toFixed(2),
    insuredPopulation: INSURED_POPULATION,
    spendPerInsured: divideRounded(total, new Decimal(INSURED_POPULATION), 2, 'halfUp'),
    reverseAuction: { amount: reverseAuction.toFixed(2), share: percent(reverseAuction, total) },
    itemsAtRisk: { count: atRisk.length, assessed, withoutData: items.length - assessed, items: atRisk },
    centralizedCoverage: { items: centralizedItems, covered, share: percent(covered, centralizedItems) },
    period,
  };
}
