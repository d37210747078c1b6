import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDto, ItemsPage } from '../../shared/api.ts';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestItems } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let api: TestAgent;

/** A small formulary: accents, capitals, a % in a name, both supply lists, and enough items to page through. */
const formulary = [
  { dci: 'Ácido fólico', strength: '5 mg', dosageForm: 'tableta' },
  { dci: 'Ácido tranexámico', strength: '1 g/10 mL', dosageForm: 'inyectable', supplyList: 'local' as const },
  { dci: 'Acido acetilsalicílico', strength: '100 mg', dosageForm: 'tableta' },
  { dci: 'Paracetamol', strength: '500 mg', dosageForm: 'tableta' },
  { dci: 'Paracetamol', strength: '120 mg/5 mL', dosageForm: 'jarabe', supplyList: 'local' as const },
  { dci: 'Cloruro de sodio', strength: '0.9 % (1 L)', dosageForm: 'inyectable' },
  { dci: 'Dextrosa', strength: '5 % (1 L)', dosageForm: 'inyectable', supplyList: 'local' as const },
  { dci: 'Ésomeprazol', strength: '40 mg', dosageForm: 'inyectable' },
  { dci: 'Zinc', strength: '20 mg', dosageForm: 'tableta', supplyList: 'local' as const },
];
const TOTAL = formulary.length + 26;

beforeAll(async () => {
  testApp = await startTestApp();
  api = await signedIn(testApp, 'viewer');
  await createTestItems(testApp.db, [...formulary, ...Array.from({ length: 26 }, (_, i) => ({ supplyList: i % 2 ? ('local' as const) : ('centralized' as const) }))]);
});
afterAll(() => testApp.close());

const getItems = async (query: string) => (await api.get(`/api/items?${query}`).expect(200)).body as ItemsPage;

describe('GET /api/items', () => {
  it('when searching without accents, then items written with accents are found', async () => {
    const page = await getItems('q=acido&pageSize=200');
    expect(page.total).toBe(3);
    expect(page.items.some((item) => item.name.startsWith('Ácido'))).toBe(true);
    for (const item of page.items) expect(item.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()).toContain('acido');
  });

  it('when searching in capitals, then case is ignored', async () => {
    const lower = await getItems('q=paracetamol');
    const upper = await getItems('q=PARACETAMOL');
    expect(upper.total).toBe(lower.total);
    expect(lower.total).toBe(2);
  });

  it('when searching by code, then the item with that code is found', async () => {
    const first = (await getItems('pageSize=1')).items[0]!;
    const page = await getItems(`q=${first.code}`);
    expect(page.items.map((item) => item.code)).toContain(first.code);
  });

  it('when searching for a LIKE wildcard, then it is taken literally', async () => {
    const all = (await getItems('pageSize=1000')).items;
    const withPercent = all.filter((item) => item.name.includes('%')).length;
    expect(withPercent).toBe(2);
    expect((await getItems('q=%25')).total).toBe(withPercent);
    expect((await getItems('q=_')).total).toBe(0);
  });

  it('when searching, then the supply-list counts follow the search', async () => {
    const page = await getItems('q=inyectable&supplyList=local');
    const { centralized, local } = page.supplyListCounts;
    expect({ centralized, local }).toEqual({ centralized: 2, local: 2 });
    expect(page.total).toBe(local);
    expect(centralized + local).toBe((await getItems('q=inyectable')).total);
  });

  it('when paging through all items, then each appears exactly once', async () => {
    const seen: number[] = [];
    for (let page = 1; page <= 4; page++) {
      const { items } = await getItems(`page=${page}&pageSize=10&sort=name`);
      seen.push(...items.map((item) => item.id));
    }
    expect(seen).toHaveLength(TOTAL);
    expect(new Set(seen).size).toBe(TOTAL);
  });

  it('when sorting by name descending, then names come in reverse order ignoring accents', async () => {
    const { items } = await getItems('sort=name&order=desc&pageSize=1000');
    const folded = items.map((item: ItemDto) => item.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
    const sorted = [...folded].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    expect(folded).toEqual(sorted);
  });

  it('when an item is returned, then it carries the formulary fields', async () => {
    const item = (await getItems('pageSize=1')).items[0]!;
    expect(Object.keys(item).sort()).toEqual(
      ['active', 'budgetCategory', 'code', 'commonGoodSheet', 'dci', 'dosageForm', 'id', 'name', 'oncology', 'strength', 'supplyList', 'therapeuticGroup', 'ven', 'version'].sort(),
    );
    expect(item.name).toBe(`${item.dci} ${item.strength} ${item.dosageForm}`);
  });
});
