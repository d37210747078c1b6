// Two planners (on two app servers) accepting suggestions into one programme at once (issue 14):
// lines are locked in id order, suggestions computed again under the lock, so no accepted change
// is lost, none is applied twice, and an edit racing an accept either lands before it (and the
// accept builds on it) or is refused as stale. On PostgreSQL the requests run in parallel; on
// PGlite they queue on one connection.
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinesPage, PurchaseLineDto } from '../../shared/api.ts';
import type { AuditPage } from '../../shared/auth.ts';
import type { AcceptSuggestionsResult } from '../../shared/quantification-api.ts';
import { createTestConsumption, createTestItem, createTestProgramme, createTestStock, createTestSupplyParameters } from '../support/factories.ts';
import { createTestUsers, signedIn, startAnotherApp, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let another: ReturnType<typeof startAnotherApp>;
let planners: TestAgent[];
let admin: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  another = startAnotherApp(testApp);
  const { logistics } = await createTestUsers(testApp);
  const onAnother = request.agent(another.app);
  await onAnother.post('/api/session').send(logistics).expect(200);
  planners = [await signedIn(testApp, 'logistics'), onAnother];
  admin = await signedIn(testApp, 'admin');
});
afterAll(async () => {
  await another.close();
  await testApp.close();
});

/** Items of 100 a month for 12 months, 200 on hand and 100 on order: each suggests 1500 (see quantification-programme.test.ts). */
async function steadyProgramme(count: number) {
  const items = [];
  for (let index = 0; index < count; index++) {
    const item = await createTestItem(testApp.db);
    await createTestConsumption(testApp.db, item, { from: '2025-12', consumed: Array.from({ length: 12 }, () => '100') });
    await createTestStock(testApp.db, item, { stockOnHand: '200', stockOnOrder: '100' });
    await createTestSupplyParameters(testApp.db, item);
    items.push(item);
  }
  return { items, ...(await createTestProgramme(testApp.db, { lines: items.map((item) => ({ item, quantity: '100', unitPrice: '2.5000' })) })) };
}

const linesOf = async (programmeId: number) => ((await planners[0]!.get(`/api/programmes/${programmeId}/lines?pageSize=1000`).expect(200)).body as LinesPage).lines;
const updatesOf = async (lineId: number) =>
  ((await admin.get('/api/audit').query({ entity: 'purchase_line', entityId: String(lineId) }).expect(200)).body as AuditPage).entries.filter((entry) => entry.action === 'update');

describe('two planners accepting at once', () => {
  it('when they accept overlapping items at once, then every line takes its suggestion exactly once: one version step and one audit row each', async () => {
    const { programme, items, lines } = await steadyProgramme(15);
    const ids = items.map((item) => item.id);
    const [first, second] = await Promise.all([
      planners[0]!.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: ids.slice(0, 10), until: '2026-11' }),
      planners[1]!.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: ids.slice(5).reverse(), until: '2026-11' }),
    ]);
    expect([first!.status, second!.status]).toEqual([200, 200]);
    // The overlap (5 items) was written by whichever ran first; the other found nothing to change.
    expect((first!.body as AcceptSuggestionsResult).affected + (second!.body as AcceptSuggestionsResult).affected).toBe(15);
    const stored = await linesOf(programme.id);
    for (const line of lines) {
      expect(stored.find((candidate) => candidate.id === line.id)).toMatchObject({ quantity: '1500.0000', amount: '3750.00', version: line.version + 1 });
      expect(await updatesOf(line.id)).toHaveLength(1);
    }
  });

  it('when a planner changes a line\'s price while another accepts its item, then the price change is either built on or refused as stale, never lost', async () => {
    const { programme, items, lines } = await steadyProgramme(1);
    const line = lines[0]!;
    const [accepted, patched] = await Promise.all([
      planners[0]!.post(`/api/programmes/${programme.id}/quantification/accept`).send({ itemIds: [items[0]!.id], until: '2026-11' }),
      planners[1]!.patch(`/api/programmes/${programme.id}/lines/${line.id}`).send({ version: line.version, unitPrice: '3.0000' }),
    ]);
    expect(accepted!.status).toBe(200);
    const [stored] = (await linesOf(programme.id)) as PurchaseLineDto[];
    if (patched!.status === 200) {
      // The edit went first: the accept, computed under the lock, kept its price.
      expect(stored).toMatchObject({ quantity: '1500.0000', unitPrice: '3.0000', amount: '4500.00', version: line.version + 2 });
    } else {
      expect(patched!.status).toBe(409);
      expect(patched!.body).toMatchObject({ type: '/problems/stale-version', current: { version: line.version + 1 } });
      expect(stored).toMatchObject({ quantity: '1500.0000', unitPrice: '2.5000', amount: '3750.00', version: line.version + 1 });
    }
  });
});
