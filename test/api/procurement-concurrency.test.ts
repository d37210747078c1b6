// Officers on two app servers writing the same processes at once (issue 12). On PostgreSQL the
// requests really run in parallel (a pool per app server); on PGlite they queue on one connection.
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessDetail, ProcessDto, ProcessLinesPage, SuppliersPage } from '../../shared/procurement-api.ts';
import { assignTestLines, createTestProcess, createTestProgramme, setTestProcessStatus, testRuc } from '../support/factories.ts';
import { createTestUsers, signedIn, startAnotherApp, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let another: ReturnType<typeof startAnotherApp>;
/** Officers on two app servers. */
let officers: [TestAgent, TestAgent];

beforeAll(async () => {
  testApp = await startTestApp();
  another = startAnotherApp(testApp);
  const { logistics } = await createTestUsers(testApp);
  const onAnother = request.agent(another.app);
  await onAnother.post('/api/session').send(logistics).expect(200);
  officers = [await signedIn(testApp, 'logistics'), onAnother];
});
afterAll(async () => {
  await another.close();
  await testApp.close();
});

async function linesIn(processId: number): Promise<number[]> {
  return ((await officers[0].get(`/api/processes/${processId}/lines?pageSize=500`).expect(200)).body as ProcessLinesPage).lines.map((line) => line.lineId);
}

describe('concurrent process writes', () => {
  it('when two officers assign the same lines to two processes at once, then for each line exactly one wins and the other gets 409 naming it', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: Array.from({ length: 10 }, () => ({})) });
    for (const line of lines) {
      const [a, b] = [await createTestProcess(testApp.db, programme), await createTestProcess(testApp.db, programme)];
      const responses = await Promise.all([
        officers[0].post(`/api/processes/${a.id}/lines`).send({ lineIds: [line.id] }),
        officers[1].post(`/api/processes/${b.id}/lines`).send({ lineIds: [line.id] }),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
      const loser = responses.find((response) => response.status === 409)!;
      expect(loser.body).toMatchObject({ type: '/problems/line-not-assignable', errors: [{ field: 'lineIds' }] });
      expect(loser.body.errors[0].message).toContain(`La línea ${line.id} (${line.item.code}) ya está en el proceso`);
      expect([...(await linesIn(a.id)), ...(await linesIn(b.id))]).toEqual([line.id]);
    }
  });

  it('when two officers move one process on the same version at once, then one gets 200, the other 409 with the winner’s process, and one history row is written', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    const process = await createTestProcess(testApp.db, programme);
    const responses = await Promise.all([
      officers[0].patch(`/api/processes/${process.id}`).send({ version: 1, status: 'convocado' }),
      officers[1].patch(`/api/processes/${process.id}`).send({ version: 1, status: 'nulo' }),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const winner = responses.find((response) => response.status === 200)!.body as ProcessDto;
    expect(responses.find((response) => response.status === 409)!.body).toMatchObject({ type: '/problems/stale-version', current: winner });
    const detail = (await officers[0].get(`/api/processes/${process.id}`).expect(200)).body as ProcessDetail;
    expect(detail.history.map((change) => change.to)).toEqual(['programado', winner.status]);
  });

  it('when a process is declared void while its lines are being assigned, then each assignment lands before (and is released) or is refused: no live line is left in it', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: Array.from({ length: 12 }, () => ({})) });
    const process = await createTestProcess(testApp.db, programme);
    const assignments = lines.map((line, index) => officers[index % 2]!.post(`/api/processes/${process.id}/lines`).send({ lineIds: [line.id] }));
    const voiding = officers[0].patch(`/api/processes/${process.id}`).send({ version: 1, status: 'nulo' });
    const [voided, ...assigned] = await Promise.all([voiding, ...assignments]);
    expect(voided!.status).toBe(200);
    for (const response of assigned) expect([200, 409]).toContain(response.status);
    const grid = (await officers[0].get(`/api/programmes/${programme.id}/lines?pageSize=100`).expect(200)).body as { lines: { procurementProcess: unknown }[] };
    expect(grid.lines.every((line) => line.procurementProcess === null)).toBe(true);
  });

  it('when two awards name the same new RUC at once, then one supplier is created and both awards name it', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}, {}] });
    const process = await setTestProcessStatus(testApp.db, await createTestProcess(testApp.db, programme), 'convocado');
    await assignTestLines(testApp.db, process, lines);
    const ruc = testRuc();
    const responses = await Promise.all(
      lines.map((line, index) =>
        officers[index]!.patch(`/api/processes/${process.id}/lines/${line.id}`).send({ supplierRuc: ruc, supplierName: 'Carrera S.A.', awardedUnitPrice: '1.0000' }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    const suppliers = (await officers[0].get(`/api/suppliers?q=${ruc}`).expect(200)).body as SuppliersPage;
    expect(suppliers).toMatchObject({ total: 1, suppliers: [{ ruc, awardedLines: 2 }] });
  });
});
