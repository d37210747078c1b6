import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDto, ItemsPage } from '../../shared/api.ts';
import type TestAgent from 'supertest/lib/agent.js';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let api: TestAgent;
beforeAll(async () => {
  testApp = await startTestApp();
  api = await signedIn(testApp, 'viewer');
});
afterAll(() => testApp.close());

const getItems = async (query: string) => (await api.get(`/api/items?${query}`).expect(200)).body as ItemsPage;

describe('GET /api/items', () => {
  it('when searching without accents, then items written with accents are found', async () => {
    const page = await getItems('q=acido&pageSize=200');
    expect(page.total).toBeGreaterThan(0);
    expect(page.items.some((item) => item.name.startsWith('Ácido'))).toBe(true);
    for (const item of page.items) expect(item.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()).toContain('acido');
  });

  it('when searching in capitals, then case is ignored', async () => {
    const lower = await getItems('q=paracetamol');
    const upper = await getItems('q=PARACETAMOL');
    expect(upper.total).toBe(lower.total);
    expect(lower.total).toBeGreaterThan(0);
  });

  it('when searching by code, then the item with that code is found', async () => {
    const first = (await getItems('pageSize=1')).items[0]!;
    const page = await getItems(`q=${first.code}`);
    expect(page.items.map((item) => item.code)).toContain(first.code);
  });

  it('when searching for a LIKE wildcard, then it is taken literally', async () => {
    const all = (await getItems('pageSize=1000')).items;
    const withPercent = all.filter((item) => item.name.includes('%')).length;
    expect(withPercent).toBeLessThan(919);
    expect((await getItems('q=%25')).total).toBe(withPercent);
    expect((await getItems('q=_')).total).toBe(0);
  });

  it('when searching, then the supply-list counts follow the search', async () => {
    const page = await getItems('q=inyectable&supplyList=local');
    const { centralized, local } = page.supplyListCounts;
    expect(page.total).toBe(local);
    expect(centralized + local).toBe((await getItems('q=inyectable')).total);
  });

  it('when paging through all items, then each appears exactly once', async () => {
    const seen = new Set<number>();
    for (let page = 1; page <= 10; page++) {
      const { items } = await getItems(`page=${page}&pageSize=100&sort=name`);
      for (const item of items) seen.add(item.id);
    }
    expect(seen.size).toBe(919);
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
      ['active', 'code', 'dci', 'dosageForm', 'id', 'name', 'oncology', 'strength', 'supplyList', 'therapeuticGroup', 'ven', 'version'].sort(),
    );
    expect(item.name).toBe(`${item.dci} ${item.strength} ${item.dosageForm}`);
  });
});
