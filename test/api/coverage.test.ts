// Coverage item by item, on a programme whose items are bought through the channels in every
// combination, including those where the two definitions there used to be (a per-item status and a
// summary counting "any line" and "two channels") disagreed: an unscheduled line beside a
// scheduled one in the other channel, and items with unscheduled lines only.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageBreakdown, CoverageItemsPage, ItemDto, ProgrammeCoverage } from '../../shared/api.ts';
import type { CoverageStatus } from '../../shared/domain.ts';
import { createTestItems, createTestProgramme, type LineSpec } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let api: TestAgent;
let base: string;
let items: Record<string, ItemDto>;

const minsa = { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' } as const;
const minsaUnscheduled = { channel: 'minsa_corporate', segment: 'oncology', process: 'unscheduled' } as const;
const essalud = { channel: 'essalud', process: 'conventional' } as const;
const essaludUnscheduled = { channel: 'essalud', process: 'unscheduled' } as const;

/** Each item's lines and the status it must get. */
const plan: Record<string, { lines: Omit<LineSpec, 'item'>[]; status: CoverageStatus; supplyList?: 'local' }> = {
  'COB-A': { lines: [minsa, essaludUnscheduled], status: 'minsa_corporate' },
  'COB-B': { lines: [essaludUnscheduled], status: 'unscheduled_only' },
  'COB-C': { lines: [minsa, essalud], status: 'both' },
  'COB-D': { lines: [minsaUnscheduled, essalud], status: 'essalud' },
  'COB-E': { lines: [minsaUnscheduled], status: 'unscheduled_only' },
  'COB-F': { lines: [essalud], status: 'essalud' },
  'COB-G': { lines: [], status: 'not_covered' },
  'COB-H': { lines: [], status: 'not_covered', supplyList: 'local' },
  'COB-I': { lines: [minsa], status: 'minsa_corporate', supplyList: 'local' },
};

beforeAll(async () => {
  testApp = await startTestApp();
  api = await signedIn(testApp, 'pharmacy');
  const codes = Object.keys(plan);
  const created = await createTestItems(
    testApp.db,
    codes.map((code) => ({ code, supplyList: plan[code]!.supplyList ?? 'centralized', therapeuticGroup: code < 'COB-E' ? 'Grupo uno' : 'Grupo dos' })),
  );
  items = Object.fromEntries(created.map((item) => [item.code, item]));
  const { programme } = await createTestProgramme(testApp.db, {
    lines: codes.flatMap((code) => plan[code]!.lines.map((line) => ({ ...line, item: items[code]! }))),
  });
  base = `/api/programmes/${programme.id}/coverage`;
});
afterAll(() => testApp.close());

const getItems = async (query: string) => (await api.get(`${base}/items?${query}`).expect(200)).body as CoverageItemsPage;

describe('coverage item by item', () => {
  it('when items are bought through the channels in every combination, then each gets the status of its scheduled lines, unscheduled lines only counting as bought outside the plan', async () => {
    const page = await getItems('pageSize=100');
    expect(Object.fromEntries(page.items.map((item) => [item.code, [item.status, item.lines]]))).toEqual(
      Object.fromEntries(Object.entries(plan).map(([code, { lines, status }]) => [code, [status, lines.length]])),
    );
  });

  it('when the summary is asked for, then its counts are those of the per-item statuses: covered is any line, both channels is status both', async () => {
    const summary = (await api.get(base).expect(200)).body as ProgrammeCoverage;
    const breakdown = (await api.get(`${base}/breakdown?by=supplyList`).expect(200)).body as CoverageBreakdown;
    expect(summary.rows).toEqual([
      { supplyList: 'centralized', items: 7, covered: 6, notCovered: 1, coveredByBoth: 1, lines: 9 },
      { supplyList: 'local', items: 2, covered: 1, notCovered: 1, coveredByBoth: 0, lines: 1 },
    ]);
    expect(summary.totals).toEqual({ items: 9, covered: 7, notCovered: 2, coveredByBoth: 1, lines: 10 });
    for (const row of summary.rows) {
      const counted = breakdown.rows.find((candidate) => candidate.key === row.supplyList)!;
      expect(row.covered).toBe(counted.items - counted.byStatus.not_covered);
      expect(row.coveredByBoth).toBe(counted.byStatus.both);
    }
    const both = await getItems('status=both');
    expect(summary.bothChannels).toEqual(both);
    expect(both.items.map((item) => item.code)).toEqual(['COB-C']);
  });

  it('when the both-channels list is paged, then it holds one page and the total', async () => {
    const first = (await api.get(`${base}?pageSize=1`).expect(200)).body as ProgrammeCoverage;
    expect(first.bothChannels).toMatchObject({ total: 1, items: [{ code: 'COB-C' }] });
    const second = (await api.get(`${base}?pageSize=1&page=2`).expect(200)).body as ProgrammeCoverage;
    expect(second.bothChannels).toEqual({ total: 1, items: [] });
    expect((await api.get(`${base}?pageSize=100000`).expect(400)).body.errors[0].field).toBe('pageSize');
  });

  it('when the counts are drilled down, then each count is exactly the list of its items', async () => {
    for (const by of ['supplyList', 'group', 'ven'] as const) {
      const breakdown = (await api.get(`${base}/breakdown?by=${by}`).expect(200)).body as CoverageBreakdown;
      const filter = { supplyList: 'supplyList', group: 'group', ven: 'ven' }[by];
      for (const row of breakdown.rows) {
        for (const [status, count] of Object.entries(row.byStatus)) {
          const page = await getItems(`${filter}=${encodeURIComponent(row.key)}&status=${status}&pageSize=1000`);
          expect(page.total, `${by} ${row.key}/${status}`).toBe(count);
          expect(page.items.every((item) => item.status === status)).toBe(true);
        }
      }
    }
  });

  it('when broken down by therapeutic group, then the groups add up to the formulary', async () => {
    const breakdown = (await api.get(`${base}/breakdown?by=group`).expect(200)).body as CoverageBreakdown;
    expect(breakdown.rows.map((row) => [row.key, row.items])).toEqual([['Grupo dos', 5], ['Grupo uno', 4]]);
    expect(breakdown.totals.items).toBe(9);
  });

  it('when the coverage is exported with a filter, then the sheet lists those items with their status in Spanish', async () => {
    const response = await api.get(`${base}/export?status=unscheduled_only`).buffer(true).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['COB-B', 'COB-E']);
    expect(lines[1]).toContain('Solo compra no programada');
  });

  it('when the filters are wrong, then 400 names them; an unknown programme is 404', async () => {
    expect((await api.get(`${base}/items?status=half`).expect(400)).body.errors[0].field).toBe('status');
    expect((await api.get(`${base}/breakdown?by=colour`).expect(400)).body.errors[0].field).toBe('by');
    for (const part of ['', '/items', '/breakdown', '/export']) await api.get(`/api/programmes/999/coverage${part}`).expect(404);
  });
});
