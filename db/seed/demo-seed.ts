// The demo dataset: an illustrative formulary of 919 real medicines and the programme "Compra
// 2012" whose lines reproduce every figure of the 2011 report to the cent. Item-level detail
// (which medicine, quantity, unit price) is invented, deterministically; the aggregates are not.
// National consumption for 2011 (with stock-outs, stock positions and supply parameters) is
// illustrative too: invented around each line's planned quantity so that quantification and the
// analyses have data to show; no source publishes it.
// It is written through the app's own services, never by raw inserts.
import { sql, type Kysely } from 'kysely';
import { allocate, lineAmount, parseMoney } from '../../shared/money.ts';
import type { PurchaseLineDto } from '../../shared/api.ts';
import { DEFAULT_SUPPLY_PARAMETERS } from '../../shared/quantification-api.ts';
import type { Channel, Process, Segment, SupplyList } from '../../shared/domain.ts';
import type { Database } from '../schema.ts';
import { auditedTransaction, type AuditedTransaction } from '../../server/features/audit/audit.service.ts';
import { setBudgetInTransaction } from '../../server/features/budgets/budgets.service.ts';
import { setInputsInTransaction, type ItemInputs } from '../../server/features/consumption/consumption.service.ts';
import { createItemsInTransaction } from '../../server/features/items/items.service.ts';
import { addLinesInTransaction, createProgrammeInTransaction, updateProgrammeInTransaction } from '../../server/features/programmes/programmes.service.ts';
import { assignLinesInTransaction, createProcessInTransaction, updateProcessInTransaction } from '../../server/features/procurement/processes.service.ts';
import { declareFiguresInTransaction, recordSourceDocumentInTransaction } from '../../server/features/sources/sources.service.ts';
import { GENERAL_ENTRIES, ONCOLOGY_ENTRIES, THERAPEUTIC_GROUPS, type CatalogueEntry } from './catalogue.ts';
import { priceLine } from './price-line.ts';
import { seededRandom, type Random } from './random.ts';
import {
  BUDGET_FISCAL_YEAR,
  PROGRAMME_2012,
  REPORT_2011,
  declaredBudget,
  declaredFormulary,
  declaredPurchases,
} from './report-2011.ts';

const SEED = 20120101;
/** Its own stream, so the consumption never moves the formulary's and lines' draws. */
const CONSUMPTION_SEED = 20110101;
/** Items whose consumption one call of the service writes. */
const INPUTS_PER_BATCH = 200;
/** Any constant will do: it serialises concurrent first starts of several app servers. */
const SEED_LOCK_KEY = 7_2012_2011;

interface PlannedItem extends CatalogueEntry {
  supplyList: SupplyList;
  code: string;
}

interface PlannedLine {
  item: PlannedItem;
  channel: Channel;
  segment: Segment | null;
  process: Process;
}

/**
 * Loads the demo data unless the database already holds data. Returns whether it did. One
 * transaction, through the services the app writes with (so the demo passes every rule a user's
 * data must), audited as written by no user.
 */
export async function seedDemoDataIfEmpty(db: Kysely<Database>): Promise<boolean> {
  return auditedTransaction(db, null, new Date(), async (tx) => {
    await sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`.execute(tx.trx);
    const existing = await tx.trx.selectFrom('items').select('id').limit(1).executeTakeFirst();
    if (existing) return false;
    await writeDemoData(tx);
    return true;
  });
}

/** The demo formulary, priced lines and 2011 consumption, without touching a database. Same result on every call. */
export function buildDemoData(): { items: PlannedItem[]; lines: PricedPlannedLine[]; inputs: DemoInputs[] } {
  const random = seededRandom(SEED);
  const { items, lines } = planFormularyAndLines(random);
  const priced = priceLines(random, lines);
  return { items, lines: priced, inputs: planInputs(seededRandom(CONSUMPTION_SEED), priced) };
}

async function writeDemoData(tx: AuditedTransaction): Promise<void> {
  const { items, lines, inputs } = buildDemoData();

  const document = await recordSourceDocumentInTransaction(tx, {
    title: REPORT_2011.title,
    reference: REPORT_2011.reference,
    notes: REPORT_2011.notes,
  });

  const created = await createItemsInTransaction(
    tx,
    items.map((item) => ({
      code: item.code,
      dci: item.dci,
      strength: item.strength,
      dosageForm: item.dosageForm,
      supplyList: item.supplyList,
      therapeuticGroup: item.therapeuticGroup,
      ven: item.ven,
      oncology: item.oncology,
    })),
  );
  const itemIdByCode = new Map(created.map((item) => [item.code, item.id]));

  const programme = await createProgrammeInTransaction(tx, { name: PROGRAMME_2012.name, fiscalYear: PROGRAMME_2012.fiscalYear }, { demo: true });
  // The amount of each line is computed again by the service, from quantity and unit price.
  const added = await addLinesInTransaction(tx, programme.id, {
    lines: lines.map((line) => ({
      itemId: itemIdByCode.get(line.item.code)!,
      channel: line.channel,
      segment: line.segment,
      process: line.process,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
    })),
  });

  await declareFiguresInTransaction(tx, document.id, {
    figures: [
      ...declaredFormulary.map((figure) => ({
        scope: 'formulary' as const,
        supplyList: figure.supplyList,
        items: figure.items,
        printed: `${figure.items} ítems`,
      })),
      ...declaredPurchases.map((figure) => ({
        scope: 'purchases' as const,
        programmeId: programme.id,
        channel: figure.channel,
        segment: figure.segment,
        process: figure.process,
        items: figure.items,
        amount: figure.printed === null ? null : parseMoney(figure.printed),
        printed: figure.printed,
      })),
      ...declaredBudget.map((figure) => ({
        scope: 'budget' as const,
        fiscalYear: BUDGET_FISCAL_YEAR,
        budgetCategory: figure.category,
        amount: parseMoney(figure.printed),
        printed: figure.printed,
      })),
    ],
  });

  for (const figure of declaredBudget) {
    await setBudgetInTransaction(tx, {
      fiscalYear: BUDGET_FISCAL_YEAR,
      category: figure.category,
      amount: parseMoney(figure.printed),
      sourceDocumentId: document.id,
    });
  }

  await writeDemoProcesses(tx, programme.id, added);

  const now = new Date();
  for (let start = 0; start < inputs.length; start += INPUTS_PER_BATCH) {
    await setInputsInTransaction(
      tx,
      now,
      inputs.slice(start, start + INPUTS_PER_BATCH).map(({ code, ...input }) => ({ itemId: itemIdByCode.get(code)!, ...input })),
    );
  }

  // The published programme: approved and closed, so it stays as the report has it (its copies are drafts).
  const approved = await updateProgrammeInTransaction(tx, null, programme.id, { version: programme.version, status: 'approved' });
  await updateProgrammeInTransaction(tx, null, programme.id, { version: approved.version, status: 'closed' });
}

/**
 * Illustrative selection processes for Compra 2012: one per channel, segment and process type,
 * called in late 2011 for 2012 supply. The report gives no process per line and no award: the
 * codes, titles and dates are plausible inventions (it names one real process, LP SIP
 * 018-2011-DARES/MINSA with 201 items, which the demo's invented item split cannot match, so that
 * code is not reused), and no award is entered, so no saving is claimed.
 */
const DEMO_PROCESSES: readonly { channel: Channel; segment: Segment | null; type: Process; code: string; title: string; calledOn: string }[] = [
  { channel: 'minsa_corporate', segment: 'oncology', type: 'reverse_auction', code: 'LP SIP 021-2011-DARES/MINSA', title: 'Compra Corporativa de oncológicos por subasta inversa, suministro 2012', calledOn: '2011-09-12' },
  { channel: 'minsa_corporate', segment: 'oncology', type: 'conventional', code: 'LP 012-2011-DARES/MINSA', title: 'Compra Corporativa de oncológicos por licitación pública, suministro 2012', calledOn: '2011-09-26' },
  { channel: 'minsa_corporate', segment: 'medicines', type: 'reverse_auction', code: 'LP SIP 022-2011-DARES/MINSA', title: 'Compra Corporativa de medicamentos por subasta inversa, suministro 2012', calledOn: '2011-10-03' },
  { channel: 'minsa_corporate', segment: 'medicines', type: 'conventional', code: 'LP 013-2011-DARES/MINSA', title: 'Compra Corporativa de medicamentos por licitación pública, suministro 2012', calledOn: '2011-10-17' },
  { channel: 'essalud', segment: null, type: 'reverse_auction', code: 'SIE-041-2011-ESSALUD/CEABE', title: 'Medicamentos por subasta inversa electrónica, suministro 2012', calledOn: '2011-10-24' },
  { channel: 'essalud', segment: null, type: 'conventional', code: 'LP-017-2011-ESSALUD/CEABE', title: 'Medicamentos por licitación pública, suministro 2012', calledOn: '2011-11-07' },
  { channel: 'essalud', segment: null, type: 'unscheduled', code: 'AMC-052-2011-ESSALUD/CEABE', title: 'Medicamentos no programados, adquisición 2012', calledOn: '2011-11-21' },
];

/** Each demo process, through the service: created, called on its date, with every line of its group (reference price: the planned one). */
async function writeDemoProcesses(tx: AuditedTransaction, programmeId: number, lines: readonly PurchaseLineDto[]): Promise<void> {
  const now = new Date();
  for (const spec of DEMO_PROCESSES) {
    const { calledOn, ...fields } = spec;
    const process = await createProcessInTransaction(tx, null, now, programmeId, fields);
    await updateProcessInTransaction(tx, null, now, process.id, { version: process.version, status: 'convocado', calledOn });
    const group = lines.filter((line) => line.channel === spec.channel && line.segment === spec.segment && line.process === spec.type);
    await assignLinesInTransaction(tx, process.id, { lineIds: group.map((line) => line.id) });
  }
}

/**
 * Who is bought where. The 89 oncology medicines make the MINSA oncology segment; of the other
 * medicines, 257 go to the MINSA medicines segment, 320 are bought by EsSalud alone and 253 make
 * the local list. One MINSA medicine is also bought by EsSalud: that is how 667 lines cover the
 * 666 centralized items, and the coverage view shows it.
 */
function planFormularyAndLines(random: Random): { items: PlannedItem[]; lines: PlannedLine[] } {
  const oncology = random.shuffle(ONCOLOGY_ENTRIES);
  const general = random.shuffle(GENERAL_ENTRIES);
  const minsaMedicines = general.slice(0, 257);
  const essaludOnly = general.slice(257, 577);
  const local = general.slice(577);

  const items = assignCodes([
    ...[...oncology, ...minsaMedicines, ...essaludOnly].map((entry) => ({ ...entry, supplyList: 'centralized' as const })),
    ...local.map((entry) => ({ ...entry, supplyList: 'local' as const })),
  ]);
  const byName = new Map(items.map((item) => [displayName(item), item]));
  const planned = (entries: readonly CatalogueEntry[]) => entries.map((entry) => byName.get(displayName(entry))!);

  const leaf = (entries: readonly CatalogueEntry[], channel: Channel, segment: Segment | null, process: Process) =>
    planned(entries).map((item): PlannedLine => ({ item, channel, segment, process }));
  const sharedWithMinsa = minsaMedicines[0]!;

  return {
    items,
    lines: [
      ...leaf(oncology.slice(0, 66), 'minsa_corporate', 'oncology', 'reverse_auction'),
      ...leaf(oncology.slice(66), 'minsa_corporate', 'oncology', 'conventional'),
      ...leaf(minsaMedicines.slice(0, 254), 'minsa_corporate', 'medicines', 'reverse_auction'),
      ...leaf(minsaMedicines.slice(254), 'minsa_corporate', 'medicines', 'conventional'),
      ...leaf(essaludOnly.slice(0, 150), 'essalud', null, 'reverse_auction'),
      ...leaf([...essaludOnly.slice(150, 315), sharedWithMinsa], 'essalud', null, 'conventional'),
      ...leaf(essaludOnly.slice(315), 'essalud', null, 'unscheduled'),
    ],
  };
}

function displayName(entry: CatalogueEntry): string {
  return `${entry.dci} ${entry.strength} ${entry.dosageForm}`;
}

/** Codes in the style of the ERP's material codes: list, therapeutic group, sequence. */
function assignCodes(items: (CatalogueEntry & { supplyList: SupplyList })[]): PlannedItem[] {
  const sorted = [...items].sort(
    (a, b) =>
      a.supplyList.localeCompare(b.supplyList) ||
      THERAPEUTIC_GROUPS.indexOf(a.therapeuticGroup) - THERAPEUTIC_GROUPS.indexOf(b.therapeuticGroup) ||
      displayName(a).localeCompare(displayName(b), 'es'),
  );
  const sequence = new Map<string, number>();
  return sorted.map((item) => {
    const prefix = `${item.supplyList === 'centralized' ? '01' : '02'}${String(THERAPEUTIC_GROUPS.indexOf(item.therapeuticGroup) + 1).padStart(2, '0')}`;
    const next = (sequence.get(prefix) ?? 0) + 1;
    sequence.set(prefix, next);
    return { ...item, code: `${prefix}${String(next).padStart(5, '0')}` };
  });
}

interface PricedPlannedLine extends PlannedLine {
  quantity: string | null;
  unitPrice: string | null;
  amount: string | null;
}

/** Splits each declared leaf amount over its lines, then finds a quantity and price for each. */
function priceLines(random: Random, lines: PlannedLine[]): PricedPlannedLine[] {
  const priced: PricedPlannedLine[] = [];
  for (const figure of declaredPurchases.filter((f) => f.process !== null)) {
    const leafLines = lines.filter(
      (line) => line.channel === figure.channel && line.segment === figure.segment && line.process === figure.process,
    );
    if (figure.printed === null) {
      priced.push(...leafLines.map((line) => ({ ...line, quantity: null, unitPrice: null, amount: null })));
      continue;
    }
    const weights = leafLines.map(() => String(Math.floor(random.logUniform(1_000, 60_000))));
    const amounts = allocate(parseMoney(figure.printed), weights);
    leafLines.forEach((line, index) => {
      const amount = amounts[index]!;
      const { quantity, unitPrice } = priceLine(BigInt(amount.replace('.', '')), targetUnitPrice(random, line.item));
      if (lineAmount(quantity, unitPrice) !== amount) throw new Error(`line for ${line.item.code} does not price`);
      priced.push({ ...line, quantity, unitPrice, amount });
    });
  }
  return priced;
}

/** A plausible unit price for the kind of medicine, in ten-thousandths of a sol. */
function targetUnitPrice(random: Random, item: CatalogueEntry): bigint {
  const injectable = /inyectable|infusi/i.test(item.dosageForm);
  const oral = /tableta|cápsula|gragea|comprimido/i.test(item.dosageForm);
  const [low, high] = item.oncology
    ? injectable ? [150, 6_000] : [3, 250]
    : injectable ? [1.5, 120] : oral ? [0.03, 3] : [2, 45];
  return BigInt(Math.floor(random.logUniform(low * 10_000, high * 10_000)));
}

export type DemoInputs = Omit<ItemInputs, 'itemId'> & { code: string };

const DAYS_IN_2011 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Illustrative national consumption (care network '') for 2011, for every item with a line: each
 * month about a twelfth of the item's planned quantity (±25 %), or 1,000 to 50,000 units a year
 * when its lines have none; one item in six runs out of stock in one to three months (3 to 20
 * days, consuming that much less). Stock as of 2011-12-31: 1 to 6 months on hand, and up to 4 on
 * order for half of them. Parameters: the defaults, with a lead time of 2 to 4 months.
 */
function planInputs(random: Random, lines: readonly PricedPlannedLine[]): DemoInputs[] {
  const planned = new Map<string, number>();
  for (const line of lines) planned.set(line.item.code, (planned.get(line.item.code) ?? 0) + Number(line.quantity ?? 0));
  return [...planned].map(([code, quantity]): DemoInputs => {
    const monthly = (quantity > 0 ? quantity : random.logUniform(1_000, 50_000)) / 12;
    const stockOuts = new Set(random.next() < 1 / 6 ? random.shuffle(DAYS_IN_2011.map((_, month) => month)).slice(0, random.integer(1, 3)) : []);
    const records = DAYS_IN_2011.map((days, month) => {
      const daysOutOfStock = stockOuts.has(month) ? random.integer(3, 20) : 0;
      const consumed = Math.max(1, Math.round(monthly * (0.75 + random.next() * 0.5) * (days - daysOutOfStock) / days));
      return { month: `2011-${String(month + 1).padStart(2, '0')}`, consumed: String(consumed), daysOutOfStock };
    });
    const onOrder = random.next() < 0.5 ? 0 : Math.round(monthly * random.next() * 4);
    return {
      code,
      consumption: { records },
      stock: { asOf: '2011-12-31', stockOnHand: String(Math.round(monthly * (1 + random.next() * 5))), stockOnOrder: String(onOrder) },
      parameters: { ...DEFAULT_SUPPLY_PARAMETERS, leadTimeMonths: String(random.integer(2, 4)), packSize: String(DEFAULT_SUPPLY_PARAMETERS.packSize) },
    };
  });
}
