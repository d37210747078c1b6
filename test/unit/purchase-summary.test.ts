import { describe, expect, it } from 'vitest';
import { buildProgrammeSummary, verifyFigures, type ComputedLeaf } from '../../shared/purchase-summary.ts';

const leaves: ComputedLeaf[] = [
  { channel: 'essalud', segment: null, process: 'unscheduled', items: 5, amount: null },
  { channel: 'essalud', segment: null, process: 'reverse_auction', items: 150, amount: '91960944.11' },
  { channel: 'minsa_corporate', segment: 'medicines', process: 'conventional', items: 3, amount: '1401510.90' },
  { channel: 'minsa_corporate', segment: 'oncology', process: 'reverse_auction', items: 66, amount: '25792540.58' },
];

describe('buildProgrammeSummary', () => {
  it('when leaves come in any order, then rows follow channel, segment and process order', () => {
    const { rows } = buildProgrammeSummary(leaves, []);
    expect(rows.map((row) => `${row.channel}/${row.segment}/${row.process}`)).toEqual([
      'minsa_corporate/oncology/reverse_auction',
      'minsa_corporate/medicines/conventional',
      'essalud/null/reverse_auction',
      'essalud/null/unscheduled',
    ]);
  });

  it('when a group has unpriced lines, then they count as items and add nothing to the amount', () => {
    const { subtotals, totals } = buildProgrammeSummary(leaves, []);
    expect(subtotals.find((s) => s.channel === 'essalud')).toMatchObject({ items: 155, amount: '91960944.11' });
    expect(totals).toMatchObject({ items: 224, amount: '119154995.59' });
  });

  it('when every line of a group is unpriced, then its amount is null, not zero', () => {
    const { rows } = buildProgrammeSummary(leaves, []);
    expect(rows.at(-1)!.amount).toBeNull();
  });

  it('when declared figures exist, then each row and subtotal carries its own', () => {
    const { rows, subtotals } = buildProgrammeSummary(leaves, [
      { channel: 'essalud', segment: null, process: 'reverse_auction', items: 150, amount: '91960944.11' },
      { channel: 'minsa_corporate', segment: 'oncology', process: null, items: 89, amount: '78071638.09' },
    ]);
    expect(rows[2]).toMatchObject({ declaredItems: 150, declaredAmount: '91960944.11' });
    expect(rows[0]).toMatchObject({ declaredItems: null, declaredAmount: null });
    expect(subtotals.find((s) => s.segment === 'oncology')).toMatchObject({ items: 66, declaredItems: 89 });
  });
});

describe('verifyFigures', () => {
  it('when computed equals declared, then they match', () => {
    expect(verifyFigures({ items: 3, amount: '1.00', declaredItems: 3, declaredAmount: '1.00' })).toEqual({
      undeclared: false, matches: true, itemDifference: 0, amount: { kind: 'equal' },
    });
  });

  it('when they differ, then the difference is computed minus declared, to the cent', () => {
    expect(verifyFigures({ items: 667, amount: '100.00', declaredItems: 666, declaredAmount: '100.01' })).toEqual({
      undeclared: false, matches: false, itemDifference: 1, amount: { kind: 'different', difference: '-0.01' },
    });
  });

  it('when only items are declared, then only items are compared', () => {
    expect(verifyFigures({ items: 5, amount: null, declaredItems: 5, declaredAmount: null })).toMatchObject({
      matches: true, amount: { kind: 'not-declared' },
    });
  });

  it('when an amount is declared but no line carries one, then it does not match', () => {
    expect(verifyFigures({ items: 5, amount: null, declaredItems: 5, declaredAmount: '10.00' })).toMatchObject({
      matches: false, amount: { kind: 'missing-computed' },
    });
  });

  it('when nothing is declared, then it says so', () => {
    expect(verifyFigures({ items: 5, amount: null, declaredItems: null, declaredAmount: null })).toMatchObject({ undeclared: true });
  });
});
