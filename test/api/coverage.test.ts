import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageBreakdown, CoverageItemsPage, ProgrammeCoverage } from '../../shared/api.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let api: TestAgent;
let base: string;

beforeAll(async () => {
  testApp = await startTestApp();
  api = await signedIn(testApp, 'pharmacy');
  const [programme] = (await api.get('/api/programmes').expect(200)).body;
  base = `/api/programmes/${programme.id}/coverage`;
});
afterAll(() => testApp.close());

describe('coverage item by item', () => {
  it('when broken down by supply list, then every centralized item is covered and local items are not', async () => {
    const breakdown = (await api.get(`${base}/breakdown?by=supplyList`).expect(200)).body as CoverageBreakdown;
    expect(breakdown.rows).toEqual([
      { key: 'centralized', items: 666, byStatus: { both: 1, minsa_corporate: 345, essalud: 315, unscheduled_only: 5, not_covered: 0 } },
      { key: 'local', items: 253, byStatus: { both: 0, minsa_corporate: 0, essalud: 0, unscheduled_only: 0, not_covered: 253 } },
    ]);
    expect(breakdown.totals.items).toBe(919);
  });

  it('when the counts are drilled down, then each count is exactly the list of its items', async () => {
    const breakdown = (await api.get(`${base}/breakdown?by=ven`).expect(200)).body as CoverageBreakdown;
    for (const row of breakdown.rows) {
      for (const [status, count] of Object.entries(row.byStatus)) {
        const page = (await api.get(`${base}/items?ven=${row.key}&status=${status}&pageSize=1000`).expect(200)).body as CoverageItemsPage;
        expect(page.total, `${row.key}/${status}`).toBe(count);
        expect(page.items.every((item) => item.ven === row.key && item.status === status)).toBe(true);
      }
    }
  });

  it('when asked for the items bought through both channels, then they explain the 667th line', async () => {
    const page = (await api.get(`${base}/items?status=both`).expect(200)).body as CoverageItemsPage;
    const summary = (await api.get(base).expect(200)).body as ProgrammeCoverage;
    expect(page.items.map((item) => item.code)).toEqual(summary.bothChannels.map((item) => item.code));
    expect(page.items[0]!.lines).toBe(2);
  });

  it('when broken down by therapeutic group, then the groups add up to the formulary', async () => {
    const breakdown = (await api.get(`${base}/breakdown?by=group`).expect(200)).body as CoverageBreakdown;
    expect(breakdown.rows.length).toBe(14);
    expect(breakdown.rows.reduce((sum, row) => sum + row.items, 0)).toBe(919);
    const group = breakdown.rows[0]!;
    const page = (await api.get(`${base}/items?group=${encodeURIComponent(group.key)}&pageSize=1000`).expect(200)).body as CoverageItemsPage;
    expect(page.total).toBe(group.items);
  });

  it('when the filters are wrong, then 400 names them', async () => {
    expect((await api.get(`${base}/items?status=half`).expect(400)).body.errors[0].field).toBe('status');
    expect((await api.get(`${base}/breakdown?by=colour`).expect(400)).body.errors[0].field).toBe('by');
    await api.get('/api/programmes/999/coverage/items').expect(404);
  });
});
