// The sentence under the coverage table counts lines against the items they cover, not against
// every item of the supply list.
import { describe, expect, it } from 'vitest';
import type { CoverageItemsPage } from '../../shared/api.ts';
import { explainCoverageRow } from '../../client/src/features/programmes/coverage-sentences.ts';

const paclitaxel = {
  id: 7, code: '010100001', name: 'Paclitaxel', supplyList: 'centralized' as const, therapeuticGroup: 'Antineoplásicos e inmunomoduladores',
  ven: 'vital' as const, oncology: true, active: true, status: 'both' as const, lines: 2,
};
const bothChannels: CoverageItemsPage = { items: [paclitaxel], total: 1 };
const none: CoverageItemsPage = { items: [], total: 0 };

describe('the coverage sentence', () => {
  it('when an item of the list has no purchase line, then the lines are counted for the covered items and the uncovered one is named apart', () => {
    const row = { supplyList: 'centralized' as const, items: 667, covered: 666, notCovered: 1, coveredByBoth: 1, lines: 667 };
    expect(explainCoverageRow(row, bothChannels)).toBe(
      '667 líneas de compra para 666 ítems cubiertos del suministro centralizado: 1 ítem se compra por ambos canales (010100001 Paclitaxel). 1 ítem no tiene línea de compra.',
    );
  });

  it('when several items lack lines and some have an unscheduled line beside one in the other channel, then each figure adds up', () => {
    const row = { supplyList: 'local' as const, items: 10, covered: 8, notCovered: 2, coveredByBoth: 0, lines: 11 };
    expect(explainCoverageRow(row, none)).toBe(
      '11 líneas de compra para 8 ítems cubiertos del suministro local. Otras 3 líneas son compras no programadas de ítems que también se compran por el otro canal. 2 ítems no tienen línea de compra.',
    );
  });

  it('when the page of items bought through both channels holds fewer than their count, then the rest are counted from the count', () => {
    const row = { supplyList: 'centralized' as const, items: 20, covered: 20, notCovered: 0, coveredByBoth: 7, lines: 27 };
    expect(explainCoverageRow(row, { items: [paclitaxel], total: 7 })).toBe(
      '27 líneas de compra para 20 ítems cubiertos del suministro centralizado: 7 ítems se compran por ambos canales (010100001 Paclitaxel y 6 más).',
    );
  });

  it('when every item has exactly one line, then it says so', () => {
    const row = { supplyList: 'local' as const, items: 3, covered: 3, notCovered: 0, coveredByBoth: 0, lines: 3 };
    expect(explainCoverageRow(row, none)).toBe('3 líneas de compra para 3 ítems cubiertos del suministro local: cada ítem cubierto tiene una sola línea de compra.');
  });
});
