// Reconciling a copy of the demo's Compra 2012 (a demo test: it reads the demo data) against a
// crafted SAP export of its lines with a handful of known differences: an overspend on a MINSA
// oncology reverse-auction line, an underspend on an EsSalud conventional line, a line not
// executed, an executed line of no planned item. Every level of the tree shows exactly those
// differences, to the cent; the declared column shows the report's figures.
import { sql } from 'kysely';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeDto } from '../../shared/api.ts';
import type { Channel, Process, Segment } from '../../shared/domain.ts';
import { addMoney, lineAmount, MoneyDecimal, parseMoney, subtractMoney, sumMoney } from '../../shared/money.ts';
import type { ReconciliationRow, ReconciliationSummary } from '../../shared/reconciliation-api.ts';
import { variancePercent } from '../../shared/reconciliation.ts';
import { declaredPurchases } from '../../db/seed/report-2011.ts';
import { assignTestLines, copyTestProgramme, createTestProcess } from '../support/factories.ts';
import { createTestExecutions } from '../support/reconciliation-factories.ts';
import type { SapExportRow } from '../support/sap-files.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let finance: TestAgent;
let copy: ProgrammeDto;

interface Line {
  id: number;
  code: string;
  channel: Channel;
  segment: Segment | null;
  process: Process;
  quantity: string | null;
  unit_price: string | null;
  amount: string | null;
}

const leaves = [
  { channel: 'minsa_corporate', segment: 'oncology', type: 'reverse_auction', code: 'LP SIP 021-2012-DARES/MINSA' },
  { channel: 'minsa_corporate', segment: 'oncology', type: 'conventional', code: 'LP 012-2012-DARES/MINSA' },
  { channel: 'minsa_corporate', segment: 'medicines', type: 'reverse_auction', code: 'LP SIP 022-2012-DARES/MINSA' },
  { channel: 'minsa_corporate', segment: 'medicines', type: 'conventional', code: 'LP 013-2012-DARES/MINSA' },
  { channel: 'essalud', segment: null, type: 'reverse_auction', code: 'SIE-041-2012-ESSALUD/CEABE' },
  { channel: 'essalud', segment: null, type: 'conventional', code: 'LP-017-2012-ESSALUD/CEABE' },
] as const;

const lessOne = (quantity: string) => new MoneyDecimal(quantity).minus(1).toFixed();

/** Each planned line's exact difference, by line id. */
const deltas = new Map<number, string>();
let lines: Line[];
let processIdOf: Map<string, number>;
let summary: ReconciliationSummary;

beforeAll(async () => {
  testApp = await startTestApp({ demo: true });
  finance = await signedIn(testApp, 'finance');
  const compra2012 = ((await finance.get('/api/programmes').expect(200)).body as ProgrammeDto[]).find((p) => p.name === 'Compra 2012')!;
  copy = await copyTestProgramme(testApp.db, compra2012, 'Compra 2012 (conciliación)');
  lines = (
    await sql<Line>`select l.id, i.code, l.channel, l.segment, l.process, l.quantity::text as quantity, l.unit_price::text as unit_price, l.amount::text as amount
      from purchase_lines l join items i on i.id = l.item_id where l.programme_id = ${copy.id} order by l.id`.execute(testApp.db)
  ).rows;
  const inLeaf = (leaf: (typeof leaves)[number]) => lines.filter((l) => l.channel === leaf.channel && l.segment === leaf.segment && l.process === leaf.type);
  processIdOf = new Map();
  for (const leaf of leaves) {
    const process = await createTestProcess(testApp.db, copy, { code: leaf.code, channel: leaf.channel, segment: leaf.segment, type: leaf.type });
    await assignTestLines(testApp.db, process, inLeaf(leaf));
    processIdOf.set(leaf.code, process.id);
  }
  const processCodeOf = (line: Line) => leaves.find((leaf) => leaf.channel === line.channel && leaf.segment === line.segment && leaf.type === line.process)?.code;

  // A planned line executed as planned: SAP's net price for 10,000 units (the line's 4-decimal price).
  let document = 4500000000;
  const executedAs = (line: Line, quantity: string): SapExportRow => ({
    purchasingDocument: `00${++document}`,
    item: '00010',
    documentDate: '2012-04-16',
    material: `0000${line.code}`,
    orderQuantity: quantity,
    netPrice: new MoneyDecimal(line.unit_price!).times(10000).toFixed(2),
    priceUnit: '10000',
    processCode: processCodeOf(line)!,
  });
  const priced = lines.filter((line) => line.amount !== null);
  const overspent = inLeaf(leaves[0]).find((line) => line.amount !== null)!;
  const underspent = inLeaf(leaves[5]).find((line) => line.amount !== null && Number(line.quantity) > 1)!;
  const notExecuted = inLeaf(leaves[4]).find((line) => line.amount !== null)!;
  const rows: SapExportRow[] = [];
  for (const line of priced) {
    if (line === notExecuted) continue;
    const quantity = line === underspent ? lessOne(line.quantity!) : line.quantity!;
    rows.push(executedAs(line, quantity));
  }
  // The overspend: a second order of the same material in its process, S/ 1,234.56.
  rows.push({ ...executedAs(overspent, '1'), netPrice: '1234.56', priceUnit: '1' });
  // An order of no planned item.
  rows.push({ purchasingDocument: '4599999999', item: '10', documentDate: '2012-06-01', material: 'SIN-PLAN-001', orderQuantity: '4', netPrice: '125.00' });
  deltas.set(overspent.id, '1234.56');
  deltas.set(underspent.id, subtractMoney(lineAmount(lessOne(underspent.quantity!), underspent.unit_price!), underspent.amount!));
  deltas.set(notExecuted.id, subtractMoney('0', notExecuted.amount!));
  await createTestExecutions(testApp.db, copy.id, rows);
  summary = (await finance.get(`/api/programmes/${copy.id}/reconciliation`).expect(200)).body as ReconciliationSummary;
}, 120_000);
afterAll(() => testApp.close());

/** What a node should show: its lines' planned sum, and planned plus the known differences executed. */
function expected(selected: readonly Line[]) {
  const planned = sumMoney(selected.map((line) => line.amount ?? '0.00'));
  const difference = sumMoney(selected.map((line) => deltas.get(line.id) ?? '0.00'));
  return { planned, executed: addMoney(planned, difference), difference, percent: variancePercent(planned, difference), plannedLines: selected.length };
}

const figures = (row: Pick<ReconciliationRow, 'planned' | 'executed' | 'difference' | 'percent' | 'plannedLines'>) => ({
  planned: row.planned,
  executed: row.executed,
  difference: row.difference,
  percent: row.percent,
  plannedLines: row.plannedLines,
});

describe('reconciling Compra 2012’s copy', () => {
  it('when the crafted export is matched, then every executed line but the one of no planned item matches, and one priced line and the unscheduled ones stay unexecuted', () => {
    const unscheduled = lines.filter((line) => line.amount === null).length;
    expect(summary.unmatched).toEqual({ planned: 1 + unscheduled, executed: 1, executedAmount: '500.00' });
    // Every priced line once, but the one not executed; the overspent line twice.
    expect(summary.totals.executedLines).toBe(lines.length - unscheduled);
  });

  it('when the tree is read, then each channel, segment, type and process shows exactly the known differences, to the cent', () => {
    const row = (level: string, channel: Channel, segment: Segment | null, type: Process | null) =>
      summary.rows.find((r) => r.level === level && r.channel === channel && r.segment === segment && r.processType === type)!;
    expect(row('type', 'minsa_corporate', 'oncology', 'reverse_auction').difference).toBe('1234.56');
    expect(row('segment', 'minsa_corporate', 'oncology', null).difference).toBe('1234.56');
    expect(row('channel', 'minsa_corporate', null, null).difference).toBe('1234.56');
    // Every process row is its leaf here (each leaf's lines are in one process; unscheduled lines in none).
    for (const node of summary.rows) {
      const selected = lines.filter(
        (line) => line.channel === node.channel && (node.segment === null || line.segment === node.segment) && (node.processType === null || line.process === node.processType),
      );
      expect(figures(node), `${node.level} ${node.channel} ${node.segment} ${node.processType} ${node.process?.code}`).toEqual(expected(selected));
    }
    expect(figures(summary.totals)).toEqual(expected(lines));
    expect(summary.rows.filter((r) => r.level === 'process').map((r) => [r.processType, r.process?.code ?? null])).toEqual([
      ...leaves.map((leaf) => [leaf.type, leaf.code]),
      ['unscheduled', null],
    ]);
  });

  it('when the tree is read, then the declared column shows the report’s figures where it declares them', () => {
    for (const figure of declaredPurchases) {
      const level = figure.process !== null ? 'type' : figure.segment !== null ? 'segment' : 'channel';
      const row = summary.rows.find((r) => r.level === level && r.channel === figure.channel && r.segment === figure.segment && r.processType === figure.process)!;
      expect(row.declared, `${level} ${figure.channel} ${figure.segment} ${figure.process}`).toBe(figure.printed === null ? null : parseMoney(figure.printed));
    }
    expect(summary.rows.find((r) => r.level === 'channel' && r.channel === 'minsa_corporate')!.declared).toBe('207771443.11');
    expect(summary.rows.filter((r) => r.level === 'process').every((r) => r.declared === null)).toBe(true);
  });
});
