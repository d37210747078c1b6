// Lists read in index order (issue 10): the order users choose and the pages they walk must be
// those of the definition, whatever plan PostgreSQL picks. Names sort ignoring case and accents,
// empty amounts last both ways, every page of a coverage list holds what its total counts, and the
// session a request carries is read afresh on every server.
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageItemsPage, ItemDto, ItemsPage, LinesPage, ProgrammeCoverage } from '../../shared/api.ts';
import type { UserDto } from '../../shared/auth.ts';
import { createTestItems, createTestProgramme } from '../support/factories.ts';
import { createTestUsers, signedIn, startAnotherApp, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let api: TestAgent;
let items: ItemDto[];
let lines: string;
let coverage: string;

// Sorted by name ignoring case and accents: abacavir, Ácido fólico, adenosina, etanol, Éter, zinc.
const dcis = ['zinc', 'Éter', 'adenosina', 'Ácido fólico', 'etanol', 'abacavir'];
const byFoldedName = ['abacavir', 'Ácido fólico', 'adenosina', 'etanol', 'Éter', 'zinc'];

beforeAll(async () => {
  testApp = await startTestApp();
  api = await signedIn(testApp, 'admin');
  items = await createTestItems(testApp.db, dcis.map((dci, index) => ({ code: `ORD-${index}`, dci, strength: '1 mg', dosageForm: 'TAB' })));
  const minsa = { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' } as const;
  const { programme } = await createTestProgramme(testApp.db, {
    lines: [
      { item: items[0]!, ...minsa, quantity: '10', unitPrice: '3.0000' },
      { item: items[0]!, channel: 'essalud', process: 'conventional', quantity: '10', unitPrice: '1.0000' },
      { item: items[1]!, channel: 'essalud', process: 'unscheduled' },
      { item: items[2]!, ...minsa, quantity: '10', unitPrice: '2.0000' },
      { item: items[3]!, channel: 'essalud', process: 'conventional', quantity: '10', unitPrice: '5.0000' },
      { item: items[4]!, ...minsa, process: 'unscheduled' },
    ],
  });
  lines = `/api/programmes/${programme.id}/lines`;
  coverage = `/api/programmes/${programme.id}/coverage`;
});
afterAll(() => testApp.close());

const linesPage = async (query: string) => (await api.get(`${lines}?${query}`).expect(200)).body as LinesPage;
const dciOf = (name: string) => name.replace(/ 1 mg TAB$/, '');

describe('lists in the order users choose', () => {
  it('when items are sorted by name, then case and accents are ignored, both ways', async () => {
    const names = async (order: string) =>
      ((await api.get(`/api/items?sort=name&order=${order}`).expect(200)).body as ItemsPage).items.map((item) => item.dci);
    expect(await names('asc')).toEqual(byFoldedName);
    expect(await names('desc')).toEqual([...byFoldedName].reverse());
  });

  it('when lines are sorted by name, then case and accents are ignored and an item\'s two lines follow each other', async () => {
    const page = await linesPage('sort=name');
    expect(page.lines.map((line) => dciOf(line.item.name))).toEqual(['Ácido fólico', 'adenosina', 'etanol', 'Éter', 'zinc', 'zinc']);
    expect(page.total).toBe(6);
  });

  it('when lines are sorted by amount, then unpriced lines come last both ways, ties by code', async () => {
    const amounts = async (order: string) => (await linesPage(`sort=amount&order=${order}`)).lines.map((line) => [line.item.code, line.amount]);
    expect(await amounts('desc')).toEqual([['ORD-3', '50.00'], ['ORD-0', '30.00'], ['ORD-2', '20.00'], ['ORD-0', '10.00'], ['ORD-1', null], ['ORD-4', null]]);
    expect(await amounts('asc')).toEqual([['ORD-0', '10.00'], ['ORD-2', '20.00'], ['ORD-0', '30.00'], ['ORD-3', '50.00'], ['ORD-1', null], ['ORD-4', null]]);
  });

  it('when lines are searched and paged, then the total counts the matching lines only and the pages hold them once', async () => {
    const first = await linesPage('q=acido&pageSize=1');
    expect(first.total).toBe(1);
    expect(first.lines.map((line) => line.item.code)).toEqual(['ORD-3']);
    const pages = [await linesPage('sort=name&pageSize=4&page=1'), await linesPage('sort=name&pageSize=4&page=2')];
    expect(pages.map((page) => page.total)).toEqual([6, 6]);
    expect(new Set(pages.flatMap((page) => page.lines.map((line) => line.id))).size).toBe(6);
  });
});

describe('coverage lists, paged', () => {
  const coverageItems = async (query: string) => (await api.get(`${coverage}/items?${query}`).expect(200)).body as CoverageItemsPage;

  it('when the coverage items are walked page by page, with or without a status, then each page agrees with the total and the statuses', async () => {
    const all = await coverageItems('pageSize=100');
    expect(all.total).toBe(6);
    expect(Object.fromEntries(all.items.map((item) => [item.code, [item.status, item.lines]]))).toEqual({
      'ORD-0': ['both', 2],
      'ORD-1': ['unscheduled_only', 1],
      'ORD-2': ['minsa_corporate', 1],
      'ORD-3': ['essalud', 1],
      'ORD-4': ['unscheduled_only', 1],
      'ORD-5': ['not_covered', 0],
    });
    const walked = [];
    for (let page = 1; page <= 3; page++) {
      const got = await coverageItems(`pageSize=2&page=${page}`);
      expect(got.total).toBe(6);
      walked.push(...got.items);
    }
    expect(walked).toEqual(all.items);

    const unscheduled = [await coverageItems('status=unscheduled_only&pageSize=1&page=1'), await coverageItems('status=unscheduled_only&pageSize=1&page=2')];
    expect(unscheduled.map((page) => [page.total, page.items.map((item) => item.code)])).toEqual([[2, ['ORD-1']], [2, ['ORD-4']]]);
    // Past the last page: no rows, and still the total.
    expect(await coverageItems('status=unscheduled_only&pageSize=1&page=3')).toEqual({ items: [], total: 2 });
    expect(await coverageItems('status=both&q=zinc&supplyList=local')).toEqual({ items: [], total: 0 });
  });

  it('when the summary is asked for, then its list of items bought through both channels is a page with its total', async () => {
    const summary = (await api.get(`${coverage}?pageSize=1`).expect(200)).body as ProgrammeCoverage;
    expect(summary.bothChannels).toEqual({ items: [expect.objectContaining({ code: 'ORD-0', status: 'both' })], total: 1 });
    expect(summary.totals).toEqual({ items: 6, covered: 5, notCovered: 1, coveredByBoth: 1, lines: 6 });
  });
});

describe('the session, read once per request', () => {
  it('when an admin on another server changes a user\'s roles or deactivates the user, then the next request on this server sees it', async () => {
    const other = startAnotherApp(testApp);
    try {
      const admin = request.agent(other.app);
      await admin.post('/api/session').send((await createTestUsers(testApp)).admin).expect(200);
      const password = 'una-clave-bastante-larga';
      const { id } = (await admin.post('/api/users').send({ username: 'rosa.quispe', fullName: 'Rosa Quispe', roles: ['viewer'], password }).expect(201))
        .body as UserDto;
      const user = request.agent(testApp.app);
      await user.post('/api/session').send({ username: 'rosa.quispe', password }).expect(200);
      await user.get('/api/users').expect(403);

      await admin.patch(`/api/users/${id}`).send({ roles: ['admin'] }).expect(200);
      expect((await user.get('/api/session').expect(200)).body.user.roles).toEqual(['admin']);
      await user.get('/api/users').expect(200);

      await admin.patch(`/api/users/${id}`).send({ active: false }).expect(200);
      await user.get('/api/session').expect(401);
    } finally {
      await other.close();
    }
  });
});
