import { describe, expect, it } from 'vitest';
import { buildDemoData } from '../../db/seed/demo-seed.ts';
import { declaredPurchases } from '../../db/seed/report-2011.ts';
import { lineAmount, parseMoney, sumMoney } from '../../shared/money.ts';

describe('the demo dataset', () => {
  it('when built twice, then it is identical', () => {
    expect(buildDemoData()).toEqual(buildDemoData());
  });

  it('when built, then codes are unique and the lists hold 666 centralized and 253 local items', () => {
    const { items } = buildDemoData();
    expect(new Set(items.map((item) => item.code)).size).toBe(919);
    expect(items.filter((item) => item.supplyList === 'centralized')).toHaveLength(666);
    expect(items.filter((item) => item.supplyList === 'local')).toHaveLength(253);
  });

  it('when built, then each leaf of the report is reproduced by its lines, each line priced exactly', () => {
    const { lines } = buildDemoData();
    for (const figure of declaredPurchases.filter((f) => f.process !== null)) {
      const leaf = lines.filter((l) => l.channel === figure.channel && l.segment === figure.segment && l.process === figure.process);
      expect(leaf).toHaveLength(figure.items);
      if (figure.printed === null) {
        expect(leaf.every((l) => l.amount === null && l.quantity === null && l.unitPrice === null)).toBe(true);
        continue;
      }
      for (const line of leaf) expect(lineAmount(line.quantity!, line.unitPrice!)).toBe(line.amount);
      expect(sumMoney(leaf.map((l) => l.amount!))).toBe(parseMoney(figure.printed));
    }
  });

  it('when built, then no item is bought twice through the same channel', () => {
    const { lines } = buildDemoData();
    const keys = lines.map((line) => `${line.item.code}/${line.channel}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
