// Sign-offs (issue 13): finance marks a process, or a leaf of the tree, reconciled; the database
// then refuses writes to its planned lines, their process lines and the executed lines matched to
// them (409 naming the sign-off) until an administrator reopens it. On PostgreSQL the parallel
// requests really run in parallel (a pool per app server); on PGlite they queue.
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutedLinesPage, ReconciliationSummary, SignOffDto } from '../../shared/reconciliation-api.ts';
import { assignTestLines, createTestProcess, createTestProgramme } from '../support/factories.ts';
import { createTestExecutions } from '../support/reconciliation-factories.ts';
import { createTestUsers, signedIn, startAnotherApp, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let another: ReturnType<typeof startAnotherApp>;
let finance: TestAgent;
let financeElsewhere: TestAgent;
let admin: TestAgent;
let logistics: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  another = startAnotherApp(testApp);
  const users = await createTestUsers(testApp);
  finance = await signedIn(testApp, 'finance');
  financeElsewhere = request.agent(another.app);
  await financeElsewhere.post('/api/session').send(users.finance).expect(200);
  admin = await signedIn(testApp, 'admin');
  logistics = await signedIn(testApp, 'logistics');
});
afterAll(async () => {
  await another.close();
  await testApp.close();
});

let documentNumber = 4510000000;

/** A programme with an EsSalud conventional process of two lines, a line outside it, and each line executed. */
async function arrange() {
  const { programme, lines } = await createTestProgramme(testApp.db, {
    lines: [
      { channel: 'essalud', process: 'conventional', quantity: '10', unitPrice: '1.0000' },
      { channel: 'essalud', process: 'conventional', quantity: '20', unitPrice: '1.0000' },
      { channel: 'essalud', process: 'conventional', quantity: '30', unitPrice: '1.0000' },
    ],
  });
  const process = await createTestProcess(testApp.db, programme, { type: 'conventional' });
  await assignTestLines(testApp.db, process, [lines[0]!, lines[1]!]);
  const { batchId } = await createTestExecutions(
    testApp.db,
    programme.id,
    lines.map((line, index) => ({ purchasingDocument: String(++documentNumber), item: '10', documentDate: '2012-05-02', material: line.item.code, orderQuantity: String(11 * (index + 1)), netPrice: '1.00' })),
  );
  const executed = ((await finance.get(`/api/programmes/${programme.id}/executions`).expect(200)).body as ExecutedLinesPage).lines;
  return { programme, lines, process, batchId, executed };
}

const signOff = (agent: TestAgent, programmeId: number, body: object) => agent.post(`/api/programmes/${programmeId}/reconciliation/sign-offs`).send({ comment: 'Conciliado con SAP', ...body });

describe('sign-off', () => {
  it('when finance signs off a process, then it records the figures, shows on the process row, and locks its lines until an admin reopens it', async () => {
    const { programme, lines, process, batchId, executed } = await arrange();
    await logistics.post(`/api/programmes/${programme.id}/reconciliation/sign-offs`).send({ channel: 'essalud', processType: 'conventional', processId: process.id, comment: 'x' }).expect(403);
    const created = (await signOff(finance, programme.id, { channel: 'essalud', processType: 'conventional', processId: process.id }).expect(201)).body as SignOffDto;
    expect(created).toMatchObject({ programmeId: programme.id, channel: 'essalud', segment: null, processType: 'conventional', processId: process.id, processCode: process.code, planned: '30.00', executed: '33.00', signedBy: 'Prueba finance', reopenedAt: null });

    const summary = (await finance.get(`/api/programmes/${programme.id}/reconciliation`).expect(200)).body as ReconciliationSummary;
    expect(summary.rows.find((row) => row.level === 'process' && row.process?.id === process.id)!.signOff?.id).toBe(created.id);
    expect(summary.rows.find((row) => row.level === 'process' && row.process === null)!.signOff).toBeNull();
    expect(summary.rows.find((row) => row.level === 'type')!.signOff).toBeNull();
    expect(summary.signOffs.map((s) => s.id)).toEqual([created.id]);

    const expectLocked = (response: request.Response) => {
      expect(response.status).toBe(409);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.detail).toContain(`N.º ${created.id}`);
      expect(response.body.detail).toContain('Prueba finance');
      expect(response.body.detail).toContain('administrador');
    };
    expectLocked(await logistics.patch(`/api/programmes/${programme.id}/lines/${lines[0]!.id}`).send({ version: lines[0]!.version, quantity: '12', unitPrice: '1.0000' }));
    expectLocked(await logistics.delete(`/api/processes/${process.id}/lines/${lines[1]!.id}`));
    const matchedToSigned = executed.find((line) => line.lineId === lines[0]!.id)!;
    expectLocked(await finance.put(`/api/programmes/${programme.id}/executions/${matchedToSigned.id}/match`).send({ lineId: null, version: matchedToSigned.version }));
    const unsigned = executed.find((line) => line.lineId === lines[2]!.id)!;
    expectLocked(await finance.put(`/api/programmes/${programme.id}/executions/${unsigned.id}/match`).send({ lineId: lines[1]!.id, version: unsigned.version }));
    await expect(sql`delete from execution_batches where id = ${batchId}`.execute(testApp.db)).rejects.toMatchObject({ code: '55000', constraint: 'reconciliation_signed_off' });
    // A new order of a signed line's material, as an import writes and matches it; a line assigned into the signed process.
    const order = { purchasingDocument: '4519999999', item: '10', documentDate: '2012-06-01', material: lines[0]!.item.code, orderQuantity: '1', netPrice: '1.00' };
    await expect(createTestExecutions(testApp.db, programme.id, [order])).rejects.toMatchObject({ code: '55000', constraint: 'reconciliation_signed_off' });
    expectLocked(await logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds: [lines[2]!.id] }));
    // The line outside the process is not signed: it changes.
    await logistics.patch(`/api/programmes/${programme.id}/lines/${lines[2]!.id}`).send({ version: lines[2]!.version, quantity: '31', unitPrice: '1.0000' }).expect(200);

    await finance.delete(`/api/programmes/${programme.id}/reconciliation/sign-offs/${created.id}`).send({ comment: 'Corregir' }).expect(403);
    await admin.delete(`/api/programmes/${programme.id}/reconciliation/sign-offs/${created.id}`).send({}).expect(400);
    const reopened = (await admin.delete(`/api/programmes/${programme.id}/reconciliation/sign-offs/${created.id}`).send({ comment: 'Falta una orden' }).expect(200)).body as SignOffDto;
    expect(reopened).toMatchObject({ id: created.id, reopenedBy: 'Prueba admin', reopenComment: 'Falta una orden' });
    await admin.delete(`/api/programmes/${programme.id}/reconciliation/sign-offs/${created.id}`).send({ comment: 'otra vez' }).expect(409);

    await logistics.patch(`/api/programmes/${programme.id}/lines/${lines[0]!.id}`).send({ version: lines[0]!.version, quantity: '12', unitPrice: '1.0000' }).expect(200);
    await finance.put(`/api/programmes/${programme.id}/executions/${matchedToSigned.id}/match`).send({ lineId: null, version: matchedToSigned.version }).expect(200);
    await sql`delete from execution_batches where id = ${batchId}`.execute(testApp.db);
    const after = (await finance.get(`/api/programmes/${programme.id}/reconciliation`).expect(200)).body as ReconciliationSummary;
    expect(after.signOffs[0]).toMatchObject({ id: created.id, reopenedBy: 'Prueba admin' });
    expect(after.totals.executed).toBe('0.00');
    const audit = await testApp.db.selectFrom('audit_log').where('entity', '=', 'reconciliation_sign_off').where('entity_id', '=', String(created.id)).select('action').orderBy('id').execute();
    expect(audit.map((row) => row.action)).toEqual(['sign_off', 'reopen']);
  });

  it('when a sign-off overlaps one in force, or names a scope that is no leaf, then it is refused naming the field', async () => {
    const { programme, process } = await arrange();
    const leaf = (await signOff(finance, programme.id, { channel: 'essalud', processType: 'conventional' }).expect(201)).body as SignOffDto;
    const overlapping = await signOff(finance, programme.id, { channel: 'essalud', processType: 'conventional', processId: process.id }).expect(409);
    expect(overlapping.body.detail).toContain(`N.º ${leaf.id}`);
    await signOff(finance, programme.id, { channel: 'essalud' }).expect(409);
    const minsa = await signOff(finance, programme.id, { channel: 'minsa_corporate', processType: 'reverse_auction' }).expect(422);
    expect(minsa.body.errors[0].field).toBe('segment');
    const wrongType = await signOff(finance, programme.id, { channel: 'essalud', processType: 'reverse_auction', processId: process.id }).expect(422);
    expect(wrongType.body.errors[0].field).toBe('processType');
    const { programme: other } = await createTestProgramme(testApp.db);
    const foreign = await signOff(finance, other.id, { channel: 'essalud', processType: 'conventional', processId: process.id }).expect(422);
    expect(foreign.body.errors[0].field).toBe('processId');
    await signOff(finance, programme.id, { channel: 'essalud', segment: 'oncology', processType: 'conventional' }).expect(400);
    await signOff(finance, 999999, { channel: 'essalud', processType: 'conventional' }).expect(404);
  });
});

describe('sign-off under concurrency', () => {
  it('when two finance officers sign off the same process at once, then one gets 201 and the other 409', async () => {
    const { programme, process } = await arrange();
    const body = { channel: 'essalud', processType: 'conventional', processId: process.id };
    const responses = await Promise.all([signOff(finance, programme.id, body), signOff(financeElsewhere, programme.id, body)]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const inForce = await testApp.db.selectFrom('reconciliation_sign_offs').where('programme_id', '=', programme.id).where('reopened_at', 'is', null).select('id').execute();
    expect(inForce).toHaveLength(1);
  });

  it('when a line is edited while its process is signed off, then either the edit is refused or the sign-off records the edited figures', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { programme, process, lines } = await arrange();
      const [signed, edited] = await Promise.all([
        signOff(finance, programme.id, { channel: 'essalud', processType: 'conventional', processId: process.id }),
        logistics.patch(`/api/programmes/${programme.id}/lines/${lines[0]!.id}`).send({ version: lines[0]!.version, quantity: '15', unitPrice: '1.0000' }),
      ]);
      expect(signed.status).toBe(201);
      expect([200, 409]).toContain(edited.status);
      const planned = await testApp.db.selectFrom('purchase_lines').where('id', 'in', [lines[0]!.id, lines[1]!.id]).select((eb) => eb.fn.sum<string>('amount').as('sum')).executeTakeFirstOrThrow();
      expect(signed.body.planned).toBe(edited.status === 200 ? '35.00' : '30.00');
      expect(Number(planned.sum)).toBe(Number(signed.body.planned));
    }
  });
});
