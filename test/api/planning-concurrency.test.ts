// Several officers (and several app servers) writing one programme at once: a stale version never
// overwrites, and a status change never lets a line change slip in after it. On PostgreSQL the
// requests really run in parallel (a pool per app server); on PGlite they queue on one connection.
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinesPage, PurchaseLineDto } from '../../shared/api.ts';
import type { AuditEntryDto, AuditPage } from '../../shared/auth.ts';
import { lineAmount } from '../../shared/money.ts';
import { createTestProgramme } from '../support/factories.ts';
import { createTestUsers, signedIn, startAnotherApp, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let another: ReturnType<typeof startAnotherApp>;
/** Officers on two app servers. */
let officers: TestAgent[];
let admin: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  another = startAnotherApp(testApp);
  const { logistics } = await createTestUsers(testApp);
  const onAnother = request.agent(another.app);
  await onAnother.post('/api/session').send(logistics).expect(200);
  officers = [await signedIn(testApp, 'logistics'), onAnother];
  admin = await signedIn(testApp, 'admin');
});
afterAll(async () => {
  await another.close();
  await testApp.close();
});

async function auditOf(entity: string, entityId: number): Promise<AuditEntryDto[]> {
  return ((await admin.get('/api/audit').query({ entity, entityId: String(entityId) }).expect(200)).body as AuditPage).entries;
}

describe('concurrent edits of one programme', () => {
  it('when 50 officers PATCH one line with the same version at once, then exactly one gets 200, 49 get 409 with the winner’s line, and the winner’s change stays', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ quantity: '100', unitPrice: '2.5000' }] });
    const line = lines[0]!;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        officers[index % officers.length]!.patch(`/api/programmes/${programme.id}/lines/${line.id}`).send({ version: 1, quantity: String(index + 1) }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    const winner = responses.find((response) => response.status === 200)!.body as PurchaseLineDto;
    expect(winner.version).toBe(2);
    expect(winner.amount).toBe(lineAmount(winner.quantity!, '2.5000'));
    for (const response of responses.filter((candidate) => candidate.status === 409)) {
      expect(response.body).toMatchObject({ type: '/problems/stale-version', current: winner });
    }
    const stored = ((await officers[0]!.get(`/api/programmes/${programme.id}/lines`).expect(200)).body as LinesPage).lines;
    expect(stored).toEqual([winner]);
    const updates = (await auditOf('purchase_line', line.id)).filter((entry) => entry.action === 'update');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ before: { version: 1, quantity: '100.0000' }, after: winner });
  });

  it('when officers edit different lines while the programme is approved, then each edit lands before the approval or is refused naming status', async () => {
    const specs = Array.from({ length: 20 }, () => ({ quantity: '10', unitPrice: '1.0000' }));
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: specs });
    const edits = lines.map((line, index) =>
      officers[index % officers.length]!.patch(`/api/programmes/${programme.id}/lines/${line.id}`).send({ version: 1, quantity: '20' }),
    );
    const approval = officers[0]!.patch(`/api/programmes/${programme.id}`).send({ version: 1, status: 'approved' });
    const [approved, ...edited] = await Promise.all([approval, ...edits]);
    expect(approved!.status).toBe(200);
    for (const response of edited) {
      expect([200, 409]).toContain(response.status);
      if (response.status === 409) expect(response.body).toMatchObject({ type: '/problems/programme-not-editable' });
    }
    // Every accepted edit is in the trail before the approval: none slipped in after it.
    const approveEntry = (await auditOf('programme', programme.id)).find((entry) => entry.action === 'approve')!;
    for (const line of lines) {
      for (const entry of (await auditOf('purchase_line', line.id)).filter((candidate) => candidate.action === 'update')) {
        expect(entry.id).toBeLessThan(approveEntry.id);
      }
    }
    const stored = ((await officers[0]!.get(`/api/programmes/${programme.id}/lines?pageSize=100`).expect(200)).body as LinesPage).lines;
    const accepted = edited.filter((response) => response.status === 200).length;
    expect(stored.filter((line) => line.quantity === '20.0000')).toHaveLength(accepted);
  });

  it('when two officers move overlapping lines in bulk at once, then both apply whole, one after the other, and no line is half moved', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: Array.from({ length: 30 }, () => ({})) });
    const ids = lines.map((line) => line.id);
    const [first, second] = await Promise.all([
      officers[0]!.post(`/api/programmes/${programme.id}/lines/bulk`).send({ lineIds: ids.slice(0, 20), set: { process: 'conventional' } }),
      officers[1]!.post(`/api/programmes/${programme.id}/lines/bulk`).send({ lineIds: [...ids.slice(10)].reverse(), set: { process: 'unscheduled' } }),
    ]);
    expect([first!.status, second!.status]).toEqual([200, 200]);
    const stored = ((await officers[0]!.get(`/api/programmes/${programme.id}/lines?pageSize=100`).expect(200)).body as LinesPage).lines;
    const processOf = new Map(stored.map((line) => [line.id, line.process]));
    expect(ids.slice(0, 10).map((id) => processOf.get(id))).toEqual(Array(10).fill('conventional'));
    expect(ids.slice(20).map((id) => processOf.get(id))).toEqual(Array(10).fill('unscheduled'));
    // The overlap took one request's value, all of it.
    expect(new Set(ids.slice(10, 20).map((id) => processOf.get(id))).size).toBe(1);
  });
});

describe('concurrent budget ceilings', () => {
  it('when finance on two servers sets the same new ceiling at once, then one creates it, the others get 409 with it as current, and one budget is stored', async () => {
    const finance = await signedIn(testApp, 'finance');
    const onAnother = request.agent(another.app);
    await onAnother.post('/api/session').send((await createTestUsers(testApp)).finance).expect(200);
    const responses = await Promise.all(
      [finance, onAnother, finance, onAnother].map((agent, n) => agent.put('/api/budgets/2033/radiology_supplies').send({ amount: `${n + 1}000.00` })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    const winner = responses.find((response) => response.status === 201)!.body as { amount: string; version: number };
    for (const refused of responses.filter((response) => response.status === 409)) {
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.current).toMatchObject({ amount: winner.amount, version: winner.version });
    }
    const stored = (await finance.get('/api/budgets').query({ fiscalYear: '2033' }).expect(200)).body as { category: string; amount: string }[];
    expect(stored.filter((budget) => budget.category === 'radiology_supplies').map((budget) => budget.amount)).toEqual([winner.amount]);
  });
});
