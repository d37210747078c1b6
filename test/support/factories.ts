// Small builders of test data, through the services the app writes with (never raw SQL), so what a
// test arranges obeys every rule the app's own writes do. Defaults are filled in and unique within
// a test file's database; each builder takes overrides.
import type { Kysely } from 'kysely';
import type { ItemDto, ProgrammeDto, PurchaseLineDto, SourceDocumentDto } from '../../shared/api.ts';
import type { ItemInput } from '../../shared/api-schemas.ts';
import { addMoney } from '../../shared/money.ts';
import type { BudgetInput, DeclaredFigureDto, LineInput, SourceDocumentInput } from '../../shared/write-schemas.ts';
import type { Database } from '../../db/schema.ts';
import { setBudget } from '../../server/features/budgets/budgets.service.ts';
import type { BudgetRecord } from '../../server/features/budgets/budgets.repository.ts';
import { createItems } from '../../server/features/items/items.service.ts';
import { addLines, createProgramme, summarizeProgramme, updateProgramme } from '../../server/features/programmes/programmes.service.ts';
import { updateItem } from '../../server/features/items/items.service.ts';
import type { ProgrammeStatus } from '../../shared/domain.ts';
import { declareFigures, recordSourceDocument } from '../../server/features/sources/sources.service.ts';
import type { ProcessDto, ProcessLineDto } from '../../shared/procurement-api.ts';
import type { ProcessCreateInput, ProcessLinePatch } from '../../shared/procurement-schemas.ts';
import type { ProcessStatus } from '../../shared/procurement.ts';
import { assignLines, createProcess, updateProcess, updateProcessLine } from '../../server/features/procurement/processes.service.ts';
import type { StockPut, SupplyParametersPut } from '../../shared/consumption-sheet.ts';
import type { SupplyParametersDto } from '../../shared/quantification-api.ts';
import { putConsumption, putStock, putSupplyParameters } from '../../server/features/consumption/consumption.service.ts';

type Db = Kysely<Database>;

/** Written by no user, as the demo seed is. */
const context = null;
let sequence = 0;
const next = () => ++sequence;

/** A valid item, unique by code and description; `overrides` win. */
export function itemInput(overrides: Partial<ItemInput> = {}): ItemInput {
  const n = next();
  return {
    code: `PRB-${String(n).padStart(5, '0')}`,
    dci: `Principio de prueba ${n}`,
    strength: '500 mg',
    dosageForm: 'Tableta',
    supplyList: 'centralized',
    therapeuticGroup: 'Varios',
    ven: 'essential',
    oncology: false,
    ...overrides,
  };
}

/** Items, one per element: a count of default ones, or each with its overrides. */
export async function createTestItems(db: Db, items: number | Partial<ItemInput>[]): Promise<ItemDto[]> {
  const overrides = typeof items === 'number' ? Array.from({ length: items }, () => ({})) : items;
  const created = await createItems(db, context, new Date(), overrides.map(itemInput));
  return created.map(({ possibleDuplicates: _warned, ...item }) => item);
}

export async function createTestItem(db: Db, overrides: Partial<ItemInput> = {}): Promise<ItemDto> {
  const [item] = await createTestItems(db, [overrides]);
  return item!;
}

/** A line for an item (given, or a new one): an EsSalud reverse auction of 100 at S/ 2.50 unless overridden. */
export type LineSpec = Partial<Omit<LineInput, 'itemId'>> & { item?: ItemDto | Partial<ItemInput> };

export interface TestProgramme {
  programme: ProgrammeDto;
  lines: PurchaseLineDto[];
}

/**
 * A programme with lines. Without `lines`: one MINSA corporate line (medicines, reverse auction)
 * and one EsSalud line (conventional), each for a new centralized item.
 */
export async function createTestProgramme(
  db: Db,
  options: { name?: string; fiscalYear?: number; lines?: LineSpec[] } = {},
): Promise<TestProgramme> {
  const specs = options.lines ?? [
    { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', quantity: '1200', unitPrice: '0.4500' },
    { channel: 'essalud', process: 'conventional', quantity: '300', unitPrice: '12.3456' },
  ];
  const isItem = (item: LineSpec['item']): item is ItemDto => item !== undefined && 'id' in item;
  const wanted = specs.flatMap((spec) => (isItem(spec.item) ? [] : [spec.item ?? {}]));
  const fresh = wanted.length > 0 ? await createTestItems(db, wanted) : [];
  const items = specs.map((spec) => (isItem(spec.item) ? spec.item : fresh.shift()!));

  const programme = await createProgramme(db, context, new Date(), {
    name: options.name ?? `Programa de prueba ${next()}`,
    fiscalYear: options.fiscalYear ?? 2026,
  });
  if (specs.length === 0) return { programme, lines: [] };
  const lines = await addLines(db, context, new Date(), programme.id, {
    lines: specs.map(({ item: _item, ...spec }, index) => ({
      itemId: items[index]!.id,
      channel: 'essalud',
      process: 'reverse_auction',
      // An unscheduled line goes unpriced, as the report has them, unless a price is given.
      ...(spec.process === 'unscheduled' ? {} : { quantity: '100', unitPrice: '2.5000' }),
      ...spec,
    })),
  });
  return { programme, lines };
}

export async function createTestSource(db: Db, overrides: Partial<SourceDocumentInput> = {}): Promise<SourceDocumentDto> {
  const n = next();
  return recordSourceDocument(db, context, new Date(), { title: `Informe de prueba ${n}`, reference: `prueba/informe-${n}.pdf`, ...overrides });
}

/**
 * A source document declaring the first row of the programme's purchases table: the same items, and
 * an amount `difference` (default S/ 10.00) more than the lines add up to, printed as a report would.
 */
export async function createDisagreeingSource(
  db: Db,
  programmeId: number,
  difference = '10.00',
): Promise<{ source: SourceDocumentDto; figure: Extract<DeclaredFigureDto, { scope: 'purchases' }>; computedAmount: string }> {
  const { rows } = await summarizeProgramme(db, programmeId);
  const row = rows.find((candidate) => candidate.amount !== null)!;
  const source = await createTestSource(db);
  const declared = addMoney(row.amount!, difference);
  const [figure] = await declareFigures(db, context, new Date(), source.id, {
    figures: [
      {
        scope: 'purchases',
        programmeId,
        channel: row.channel,
        segment: row.segment,
        process: row.process,
        items: row.items,
        amount: declared,
        printed: `S/ ${declared}`,
      },
    ],
  });
  return { source, figure: figure as Extract<DeclaredFigureDto, { scope: 'purchases' }>, computedAmount: row.amount! };
}

export async function createTestBudget(db: Db, overrides: Partial<BudgetInput> = {}): Promise<BudgetRecord> {
  return setBudget(db, context, new Date(), { fiscalYear: 2026, category: 'medicines', amount: '1000.00', ...overrides });
}

/** A copy of a programme (every line), as POST /api/programmes with copyFrom makes it. */
export async function copyTestProgramme(db: Db, source: ProgrammeDto, name = `Copia de prueba ${next()}`): Promise<ProgrammeDto> {
  return createProgramme(db, context, new Date(), { name, fiscalYear: source.fiscalYear + 1, copyFrom: source.id });
}

/** Moves a programme along draft → approved → closed (as the system, which may also reopen). */
export async function setTestProgrammeStatus(db: Db, programme: ProgrammeDto, status: ProgrammeStatus): Promise<ProgrammeDto> {
  let current = programme;
  const path: ProgrammeStatus[] = status === 'closed' && current.status === 'draft' ? ['approved', 'closed'] : [status];
  for (const next of path) current = await updateProgramme(db, context, new Date(), current.id, { version: current.version, status: next });
  return current;
}

/** An item taken out of the formulary's active list. */
export async function deactivateTestItem(db: Db, item: ItemDto): Promise<ItemDto> {
  return updateItem(db, { requestId: 'factory', clientAddress: 'factory' }, new Date(), item.id, { version: item.version, active: false });
}

// ---- Selection processes (issue 12) ------------------------------------------------------------

/** A RUC with SUNAT's check digit, different for each n: 20 + n in eight digits + the check digit. */
export function testRuc(n: number = next()): string {
  const body = `20${String(n).padStart(8, '0')}`;
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(body[i]), 0);
  return `${body}${(11 - (sum % 11)) % 10}`;
}

/**
 * A process of the programme, `programado`: an EsSalud reverse auction (the kind of a line of
 * createTestProgramme's specs without channel or process) unless overridden.
 */
export async function createTestProcess(db: Db, programme: Pick<ProgrammeDto, 'id'>, overrides: Partial<ProcessCreateInput> = {}): Promise<ProcessDto> {
  const n = next();
  return createProcess(db, context, new Date(), programme.id, {
    code: `SIE-${String(n).padStart(3, '0')}-2026-ESSALUD`,
    title: `Proceso de prueba ${n}`,
    channel: 'essalud',
    segment: null,
    type: 'reverse_auction',
    ...overrides,
  });
}

/** Assigns the lines (or line ids) to the process, as POST /api/processes/:processId/lines. */
export async function assignTestLines(db: Db, process: Pick<ProcessDto, 'id'>, lines: readonly (Pick<PurchaseLineDto, 'id'> | number)[]): Promise<ProcessDto> {
  return assignLines(db, context, new Date(), process.id, { lineIds: lines.map((line) => (typeof line === 'number' ? line : line.id)) });
}

/** The statuses a process goes through to reach `status` from programado. */
const pathTo: Record<ProcessStatus, ProcessStatus[]> = {
  programado: [],
  convocado: ['convocado'],
  adjudicado: ['convocado', 'adjudicado'],
  consentido: ['convocado', 'adjudicado', 'consentido'],
  contratado: ['convocado', 'adjudicado', 'consentido', 'contratado'],
  desierto: ['convocado', 'desierto'],
  nulo: ['nulo'],
};

/**
 * Moves a process on to `status` along the allowed transitions, from where it is (to adjudicado
 * and beyond it needs an award first: awardTestLine). Dates are set to today by each step.
 */
export async function setTestProcessStatus(db: Db, process: ProcessDto, status: ProcessStatus): Promise<ProcessDto> {
  let current = process;
  const path = pathTo[status];
  const steps = status === 'nulo' ? path : path.slice(path.indexOf(current.status) + 1);
  for (const step of steps) current = await updateProcess(db, context, new Date(), current.id, { version: current.version, status: step });
  return current;
}

/**
 * Awards a line of a process (convocado or adjudicado): to a new supplier with a valid RUC unless
 * `supplierRuc` names one; at S/ 2.0000 unless `awardedUnitPrice` is given; the line's quantity unless given.
 */
export async function awardTestLine(
  db: Db,
  process: Pick<ProcessDto, 'id'>,
  line: Pick<PurchaseLineDto, 'id'> | number,
  award: ProcessLinePatch = {},
): Promise<ProcessLineDto> {
  const n = next();
  const supplier = award.supplierRuc === undefined ? { supplierRuc: testRuc(n), supplierName: `Proveedor de prueba ${n} S.A.C.` } : {};
  return updateProcessLine(db, context, new Date(), process.id, typeof line === 'number' ? line : line.id, {
    awardedUnitPrice: '2.0000',
    ...supplier,
    ...award,
  });
}

// ---- Quantification inputs (issue 14) ----------------------------------------------------------

/**
 * Monthly consumption of an item: one record per month from `from` (yyyy-mm) on, each `consumed`
 * (or the list's value) with `daysOutOfStock` (default 0), nationally unless `careNetwork`.
 */
export async function createTestConsumption(
  db: Db,
  item: Pick<ItemDto, 'id'>,
  { from, consumed, daysOutOfStock = 0, careNetwork = '' }: { from: string; consumed: readonly string[]; daysOutOfStock?: number | readonly number[]; careNetwork?: string },
): Promise<void> {
  const [year, month] = from.split('-').map(Number) as [number, number];
  const records = consumed.map((value, index) => {
    const at = year * 12 + month - 1 + index;
    return {
      careNetwork,
      month: `${Math.floor(at / 12)}-${String((at % 12) + 1).padStart(2, '0')}`,
      consumed: value,
      daysOutOfStock: typeof daysOutOfStock === 'number' ? daysOutOfStock : daysOutOfStock[index]!,
    };
  });
  await putConsumption(db, context, new Date(), item.id, { records });
}

export async function createTestStock(db: Db, item: Pick<ItemDto, 'id'>, overrides: Partial<StockPut> = {}): Promise<void> {
  await putStock(db, context, new Date(), item.id, { asOf: '2026-11-30', stockOnHand: '0', stockOnOrder: '0', ...overrides });
}

/** Supply parameters: 3 months of lead time, 12 of purchase, 3 of safety stock, packs of 1, 3 to 6 months, unless overridden. */
export async function createTestSupplyParameters(db: Db, item: Pick<ItemDto, 'id'>, overrides: Partial<SupplyParametersPut> = {}): Promise<SupplyParametersDto> {
  return putSupplyParameters(db, context, new Date(), item.id, {
    leadTimeMonths: '3',
    procurementPeriodMonths: '12',
    safetyStockMonths: '3',
    packSize: '1',
    minMonths: '3',
    maxMonths: '6',
    ...overrides,
  });
}
