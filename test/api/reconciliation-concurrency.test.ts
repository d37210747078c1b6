// The reconciliation's other write paths under concurrent requests from two app servers (issue 13):
// the tolerance, a manual match and a batch undo, each written twice at once from the same read.
// On PostgreSQL the requests really run in parallel (a pool per app server); on PGlite they queue.
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutedLinesPage, ExecutionBatchDto, ToleranceDto } from '../../shared/reconciliation-api.ts';
import { createTestItem, createTestProgramme } from '../support/factories.ts';
import { importTestExecutions } from '../support/execution-factories.ts';
import { createTestUsers, signedIn, startAnotherApp, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let another: ReturnType<typeof startAnotherApp>;
let finance: TestAgent;
let financeElsewhere: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  another = startAnotherApp(testApp);
  const users = await createTestUsers(testApp);
  finance = await signedIn(testApp, 'finance');
  financeElsewhere = request.agent(another.app);
  await financeElsewhere.post('/api/session').send(users.finance).expect(200);
});
afterAll(async () => {
  await another.close();
  await testApp.close();
});

let documentNumber = 4530000000;

/** An item planned in both channels (so its executed line waits for a person), executed once. */
async function arrange() {
  const item = await createTestItem(testApp.db);
  const { programme, lines } = await createTestProgramme(testApp.db, {
    lines: [
      { item, channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', quantity: '10', unitPrice: '1.0000' },
      { item, channel: 'essalud', process: 'conventional', quantity: '20', unitPrice: '1.0000' },
    ],
  });
  const { batchId } = await importTestExecutions(testApp.db, programme.id, [
    { purchasingDocument: String(++documentNumber), item: '10', documentDate: '2026-03-02', material: item.code, orderQuantity: '20', netPrice: '1.00' },
  ]);
  return { programme, lines, batchId: batchId! };
}

const statuses = (responses: { status: number }[]) => responses.map((response) => response.status).sort();

describe('concurrent reconciliation writes', () => {
  it('when two officers set the tolerance at once from the same version, then one is saved and the other gets 409 with the one that stands', async () => {
    const { programme } = await arrange();
    const path = `/api/programmes/${programme.id}/reconciliation/tolerance`;
    const responses = await Promise.all([
      finance.put(path).send({ amount: '100.00', percent: '1.00', version: 0 }),
      financeElsewhere.put(path).send({ amount: '250.00', percent: '2.50', version: 0 }),
    ]);
    expect(statuses(responses)).toEqual([200, 409]);
    const saved = responses.find((response) => response.status === 200)!.body as ToleranceDto;
    const stored = (await finance.get(path).expect(200)).body as ToleranceDto;
    expect(stored).toEqual(saved);
    expect(stored.version).toBe(1);
  });

  it('when two officers match the same executed line at once, then one match stands, audited once, and the other gets 409', async () => {
    const { programme, lines } = await arrange();
    const page = (await finance.get(`/api/programmes/${programme.id}/executions`).expect(200)).body as ExecutedLinesPage;
    const executed = page.lines[0]!;
    expect(executed.lineId).toBeNull();
    const path = `/api/programmes/${programme.id}/executions/${executed.id}/match`;
    const responses = await Promise.all([
      finance.put(path).send({ lineId: lines[0]!.id, version: executed.version }),
      financeElsewhere.put(path).send({ lineId: lines[1]!.id, version: executed.version }),
    ]);
    expect(statuses(responses)).toEqual([200, 409]);
    const winner = responses.find((response) => response.status === 200)!.body as { lineId: number };
    const after = ((await finance.get(`/api/programmes/${programme.id}/executions`).expect(200)).body as ExecutedLinesPage).lines[0]!;
    expect(after).toMatchObject({ lineId: winner.lineId, matchKind: 'manual', version: executed.version + 1 });
    const audited = await testApp.db.selectFrom('audit_log').where('entity', '=', 'executed_line').where('entity_id', '=', executed.id).select('action').execute();
    expect(audited).toHaveLength(1);
  });

  it('when two officers undo the same batch at once, then it goes once, audited once, and the other gets 404', async () => {
    const { programme, batchId } = await arrange();
    const path = `/api/programmes/${programme.id}/executions/batches/${batchId}`;
    const responses = await Promise.all([finance.delete(path), financeElsewhere.delete(path)]);
    expect(statuses(responses)).toEqual([204, 404]);
    const batches = (await finance.get(`/api/programmes/${programme.id}/executions/batches`).expect(200)).body as ExecutionBatchDto[];
    expect(batches).toEqual([]);
    const lines = await testApp.db.selectFrom('executed_lines').where('programme_id', '=', programme.id).select('id').execute();
    expect(lines).toEqual([]);
    const audited = await testApp.db.selectFrom('audit_log').where('entity', '=', 'execution_batch').where('entity_id', '=', String(batchId)).where('action', '=', 'delete').select('id').execute();
    expect(audited).toHaveLength(1);
  });
});
