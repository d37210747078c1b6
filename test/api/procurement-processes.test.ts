// Selection processes through the API (issue 12): created and listed, changed on their version,
// moved along the allowed transitions with their history and audit; what is refused names the
// field and changes nothing; a closed programme refuses process writes.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinesPage } from '../../shared/api.ts';
import type { AuditEntryDto, AuditPage } from '../../shared/auth.ts';
import type { ProcessDetail, ProcessDto, ProcessesPage } from '../../shared/procurement-api.ts';
import { canMoveProcess, processStatuses, type ProcessStatus } from '../../shared/procurement.ts';
import { limaDate } from '../../server/platform/clock.ts';
import {
  assignTestLines,
  awardTestLine,
  createTestProcess,
  createTestProgramme,
  setTestProcessStatus,
  setTestProgrammeStatus,
} from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let logistics: TestAgent;
let admin: TestAgent;
let viewer: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  logistics = await signedIn(testApp, 'logistics');
  admin = await signedIn(testApp, 'admin');
  viewer = await signedIn(testApp, 'viewer');
});
afterAll(() => testApp.close());

async function auditOf(entity: string, entityId: number | string): Promise<AuditEntryDto[]> {
  const { body } = await admin.get('/api/audit').query({ entity, entityId: String(entityId) }).expect(200);
  return (body as AuditPage).entries;
}

async function auditCount(): Promise<number> {
  return ((await admin.get('/api/audit?pageSize=1').expect(200)).body as AuditPage).total;
}

async function processOf(id: number): Promise<ProcessDetail> {
  return (await viewer.get(`/api/processes/${id}`).expect(200)).body as ProcessDetail;
}

function expectProblem(response: { status: number; headers: Record<string, string>; body: unknown }, status: number, field: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect((response.body as { errors?: { field: string }[] }).errors?.map((error) => error.field)).toContain(field);
}

const corporateAuction = { channel: 'minsa_corporate', segment: 'medicines', type: 'reverse_auction' } as const;

describe('processes', () => {
  it('when an officer creates a process, then it is programado at version 1 with no lines, its history has the creation, and it is audited', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    const response = await logistics
      .post(`/api/programmes/${programme.id}/processes`)
      .send({ code: 'LP SIP 018-2011-DARES/MINSA', title: 'Medicamentos 2012', ...corporateAuction })
      .expect(201);
    const process = response.body as ProcessDto;
    expect(process).toEqual({
      id: process.id,
      programmeId: programme.id,
      code: 'LP SIP 018-2011-DARES/MINSA',
      title: 'Medicamentos 2012',
      ...corporateAuction,
      status: 'programado',
      calledOn: null,
      awardedOn: null,
      contractedOn: null,
      lines: 0,
      reference: null,
      awarded: null,
      awardedReference: null,
      unawardedLines: 0,
      version: 1,
    });
    const detail = await processOf(process.id);
    expect(detail.programme).toEqual({ id: programme.id, name: programme.name, fiscalYear: programme.fiscalYear });
    expect(detail.history).toEqual([{ from: null, to: 'programado', at: expect.any(String), user: 'prueba-logistics' }]);
    const [entry] = await auditOf('procurement_process', process.id);
    expect(entry).toMatchObject({ action: 'create', username: 'prueba-logistics', after: process });
  });

  it('when processes are listed, then they come by code, paged, filtered by status and text, with their sums', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ quantity: '10', unitPrice: '1.5000' }, { quantity: '3', unitPrice: '0.3333' }] });
    const b = await createTestProcess(testApp.db, programme, { code: 'B-002', title: 'Antibióticos' });
    const a = await createTestProcess(testApp.db, programme, { code: 'a-001', title: 'Analgésicos' });
    await assignTestLines(testApp.db, b, lines);
    await setTestProcessStatus(testApp.db, a, 'convocado');

    const all = (await viewer.get(`/api/programmes/${programme.id}/processes`).expect(200)).body as ProcessesPage;
    expect(all.total).toBe(2);
    expect(all.processes.map((process) => process.code)).toEqual(['a-001', 'B-002']);
    expect(all.processes[1]).toMatchObject({ lines: 2, reference: '16.00', awarded: null, unawardedLines: 2 });

    const paged = (await viewer.get(`/api/programmes/${programme.id}/processes?page=2&pageSize=1`).expect(200)).body as ProcessesPage;
    expect(paged).toMatchObject({ total: 2, processes: [{ code: 'B-002' }] });
    const called = (await viewer.get(`/api/programmes/${programme.id}/processes?status=convocado`).expect(200)).body as ProcessesPage;
    expect(called.processes.map((process) => process.code)).toEqual(['a-001']);
    const found = (await viewer.get(`/api/programmes/${programme.id}/processes?q=antibio`).expect(200)).body as ProcessesPage;
    expect(found.processes.map((process) => process.code)).toEqual(['B-002']);

    expectProblem(await viewer.get(`/api/programmes/${programme.id}/processes?status=abierto`), 400, 'status');
    expectProblem(await viewer.get('/api/programmes/999999/processes'), 404, 'id');
  });

  it('when a process is created with a code its programme has (whatever the case and spaces), then 409 names code and nothing is added', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    await createTestProcess(testApp.db, programme, { code: 'SIE-012-2012-ESSALUD' });
    const before = await auditCount();
    const response = await logistics
      .post(`/api/programmes/${programme.id}/processes`)
      .send({ code: '  sie-012-2012-essalud ', title: 'Otro', channel: 'essalud', type: 'conventional' });
    expectProblem(response, 409, 'code');
    expect(((await viewer.get(`/api/programmes/${programme.id}/processes`)).body as ProcessesPage).total).toBe(1);
    expect(await auditCount()).toBe(before);
    // Another programme may use the same code.
    const other = await createTestProgramme(testApp.db);
    await logistics.post(`/api/programmes/${other.programme.id}/processes`).send({ code: 'SIE-012-2012-ESSALUD', title: 'Otro', channel: 'essalud', type: 'conventional' }).expect(201);
  });

  it('when a process is created with a bad channel, segment, type or a blank code, then 400 names each field', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    const url = `/api/programmes/${programme.id}/processes`;
    expectProblem(await logistics.post(url).send({ code: ' ', title: 'x', channel: 'essalud', type: 'conventional' }), 400, 'code');
    expectProblem(await logistics.post(url).send({ code: 'X-1', title: 'x', channel: 'sunat', type: 'conventional' }), 400, 'channel');
    expectProblem(await logistics.post(url).send({ code: 'X-1', title: 'x', channel: 'minsa_corporate', type: 'conventional' }), 400, 'segment');
    expectProblem(await logistics.post(url).send({ code: 'X-1', title: 'x', channel: 'essalud', segment: 'oncology', type: 'conventional' }), 400, 'segment');
    expectProblem(await logistics.post(url).send({ code: 'X-1', title: 'x', channel: 'essalud', type: 'licitacion' }), 400, 'type');
    expect(((await viewer.get(url)).body as ProcessesPage).total).toBe(0);
  });

  it('when a viewer or a pharmacist writes a process, then 403; they read it', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    const process = await createTestProcess(testApp.db, programme);
    const pharmacy = await signedIn(testApp, 'pharmacy');
    await viewer.post(`/api/programmes/${programme.id}/processes`).send({ code: 'X', title: 'x', channel: 'essalud', type: 'conventional' }).expect(403);
    await pharmacy.patch(`/api/processes/${process.id}`).send({ version: 1, title: 'y' }).expect(403);
    await pharmacy.get(`/api/processes/${process.id}`).expect(200);
  });

  it('when a process is renamed on its version, then the version moves on, and on a stale version 409 carries the current process', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    const process = await createTestProcess(testApp.db, programme);
    const renamed = (await logistics.patch(`/api/processes/${process.id}`).send({ version: 1, title: 'Nuevo título', code: 'SIE-099-2026' }).expect(200)).body as ProcessDto;
    expect(renamed).toMatchObject({ title: 'Nuevo título', code: 'SIE-099-2026', version: 2 });
    const stale = await logistics.patch(`/api/processes/${process.id}`).send({ version: 1, title: 'Otro' });
    expectProblem(stale, 409, 'version');
    expect(stale.body).toMatchObject({ type: '/problems/stale-version', current: renamed });
    expect((await processOf(process.id)).title).toBe('Nuevo título');
  });
});

describe('codes and deletion', () => {
  it('when a process is renamed onto another process’s code, then 409 names code and it keeps its own', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    await createTestProcess(testApp.db, programme, { code: 'LP 001-2026' });
    const process = await createTestProcess(testApp.db, programme, { code: 'LP 002-2026' });
    expectProblem(await logistics.patch(`/api/processes/${process.id}`).send({ version: 1, code: 'lp 001-2026' }), 409, 'code');
    expect(await processOf(process.id)).toMatchObject({ code: 'LP 002-2026', version: 1 });
  });

  it('when a draft programme with processes and lines in them is deleted, then its processes go with it', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}, {}] });
    const process = await createTestProcess(testApp.db, programme);
    await assignTestLines(testApp.db, process, lines);
    await logistics.delete(`/api/programmes/${programme.id}`).expect(204);
    expectProblem(await viewer.get(`/api/processes/${process.id}`), 404, 'processId');
  });
});

describe('status transitions', () => {
  it('when a process goes programado → convocado → adjudicado → consentido → contratado, then each step sets its date, writes history and an audit row', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ quantity: '100', unitPrice: '2.5000' }] });
    const process = await createTestProcess(testApp.db, programme);
    await assignTestLines(testApp.db, process, lines);
    const today = limaDate(testApp.clock());

    let current = (await logistics.patch(`/api/processes/${process.id}`).send({ version: 1, status: 'convocado' }).expect(200)).body as ProcessDto;
    expect(current).toMatchObject({ status: 'convocado', calledOn: today, awardedOn: null, version: 2 });
    await awardTestLine(testApp.db, process, lines[0]!, { awardedUnitPrice: '2.0000' });
    current = (await logistics.patch(`/api/processes/${process.id}`).send({ version: 2, status: 'adjudicado', awardedOn: '2011-12-20' }).expect(200)).body as ProcessDto;
    expect(current).toMatchObject({ status: 'adjudicado', awardedOn: '2011-12-20', reference: '250.00', awarded: '200.00', awardedReference: '250.00', unawardedLines: 0 });
    current = (await admin.patch(`/api/processes/${process.id}`).send({ version: current.version, status: 'consentido' }).expect(200)).body as ProcessDto;
    current = (await logistics.patch(`/api/processes/${process.id}`).send({ version: current.version, status: 'contratado' }).expect(200)).body as ProcessDto;
    expect(current).toMatchObject({ status: 'contratado', calledOn: today, awardedOn: '2011-12-20', contractedOn: today });

    const { history } = await processOf(process.id);
    expect(history.map(({ from, to, user }) => ({ from, to, user }))).toEqual([
      { from: null, to: 'programado', user: null },
      { from: 'programado', to: 'convocado', user: 'prueba-logistics' },
      { from: 'convocado', to: 'adjudicado', user: 'prueba-logistics' },
      { from: 'adjudicado', to: 'consentido', user: 'prueba-admin' },
      { from: 'consentido', to: 'contratado', user: 'prueba-logistics' },
    ]);
    const updates = (await auditOf('procurement_process', process.id)).filter((entry) => entry.action === 'update');
    expect(updates.map((entry) => [(entry.before as ProcessDto).status, (entry.after as ProcessDto).status])).toEqual(
      expect.arrayContaining([
        ['programado', 'convocado'],
        ['convocado', 'adjudicado'],
        ['adjudicado', 'consentido'],
        ['consentido', 'contratado'],
      ]),
    );
    expect(updates).toHaveLength(4);
  });

  it('when a process at each status is moved to each other status, then exactly the allowed transitions answer 200 and the rest 409 naming status', async () => {
    const pairs = processStatuses.flatMap((from) => processStatuses.filter((to) => to !== from).map((to) => [from, to] as [ProcessStatus, ProcessStatus]));
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: pairs.map(() => ({})) });
    const outcomes: string[] = [];
    for (const [index, [from, to]] of pairs.entries()) {
      const line = lines[index]!;
      let process = await createTestProcess(testApp.db, programme);
      await assignTestLines(testApp.db, process, [line]);
      // Once called, an award: adjudicado needs one.
      if (from !== 'programado' && from !== 'nulo') {
        process = await setTestProcessStatus(testApp.db, process, 'convocado');
        await awardTestLine(testApp.db, process, line);
      }
      process = await setTestProcessStatus(testApp.db, (await processOf(process.id)) as ProcessDto, from);
      const response = await logistics.patch(`/api/processes/${process.id}`).send({ version: process.version, status: to });
      outcomes.push(`${from} → ${to}: ${response.status}`);
      if (response.status === 409) expectProblem(response, 409, 'status');
      else expect((response.body as ProcessDto).status).toBe(to);
    }
    expect(outcomes).toEqual(pairs.map(([from, to]) => `${from} → ${to}: ${canMoveProcess(from, to) ? 200 : 409}`));
  });

  it('when a contracted, deserted or void process is moved, or a step is skipped, then 409 names status and nothing changes', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    const process = await createTestProcess(testApp.db, programme);
    const skipped = await logistics.patch(`/api/processes/${process.id}`).send({ version: 1, status: 'consentido' });
    expectProblem(skipped, 409, 'status');
    expect(skipped.body).toMatchObject({ type: '/problems/process-transition' });
    expectProblem(await logistics.patch(`/api/processes/${process.id}`).send({ version: 1, status: 'desierto' }), 409, 'status');
    expectProblem(await logistics.patch(`/api/processes/${process.id}`).send({ version: 1, status: 'cerrado' }), 400, 'status');
    expect(await processOf(process.id)).toMatchObject({ status: 'programado', version: 1 });

    const ended = await setTestProcessStatus(testApp.db, process, 'nulo');
    const back = await logistics.patch(`/api/processes/${process.id}`).send({ version: ended.version, status: 'convocado' });
    expectProblem(back, 409, 'status');
    expect(await processOf(process.id)).toMatchObject({ status: 'nulo', version: ended.version });
  });

  it('when a called process goes to adjudicado without an award, then 409 names status; with one it goes', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}, {}] });
    const process = await setTestProcessStatus(testApp.db, await createTestProcess(testApp.db, programme), 'convocado');
    await assignTestLines(testApp.db, process, lines);
    const refused = await logistics.patch(`/api/processes/${process.id}`).send({ version: process.version, status: 'adjudicado' });
    expectProblem(refused, 409, 'status');
    expect(refused.body).toMatchObject({ type: '/problems/process-transition' });
    expect(await processOf(process.id)).toMatchObject({ status: 'convocado', awardedOn: null });
    await awardTestLine(testApp.db, process, lines[1]!);
    await logistics.patch(`/api/processes/${process.id}`).send({ version: process.version, status: 'adjudicado' }).expect(200);
  });

  it('when a process ends desierto or nulo, then its lines are released, show as not assigned, and may join a new process', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}, {}, {}] });
    const deserted = await createTestProcess(testApp.db, programme);
    await assignTestLines(testApp.db, deserted, lines.slice(0, 2));
    const voided = await createTestProcess(testApp.db, programme);
    await assignTestLines(testApp.db, voided, lines.slice(2));
    const inGrid = async () => ((await viewer.get(`/api/programmes/${programme.id}/lines`).expect(200)).body as LinesPage).lines.map((line) => line.procurementProcess?.code ?? null);
    expect(await inGrid()).toEqual([deserted.code, deserted.code, voided.code]);

    const called = await setTestProcessStatus(testApp.db, deserted, 'convocado');
    const ended = (await logistics.patch(`/api/processes/${deserted.id}`).send({ version: called.version, status: 'desierto' }).expect(200)).body as ProcessDto;
    // A void or deserted process keeps its lines on record.
    expect(ended).toMatchObject({ status: 'desierto', lines: 2 });
    await logistics.patch(`/api/processes/${voided.id}`).send({ version: voided.version, status: 'nulo' }).expect(200);
    expect(await inGrid()).toEqual([null, null, null]);
    const [update] = (await auditOf('procurement_process', deserted.id)).filter((entry) => (entry.after as ProcessDto).status === 'desierto');
    expect(update!.after).toMatchObject({ releasedLines: 2 });

    const again = await createTestProcess(testApp.db, programme, { code: 'SIE-NUEVO' });
    await logistics.post(`/api/processes/${again.id}/lines`).send({ lineIds: lines.map((line) => line.id) }).expect(200);
    expect(await inGrid()).toEqual(['SIE-NUEVO', 'SIE-NUEVO', 'SIE-NUEVO']);
  });
});

describe('programme status', () => {
  it('when the programme is approved, then its processes still change; once closed, every process write is 409 and nothing changes', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}, {}] });
    const process = await createTestProcess(testApp.db, programme);
    const approved = await setTestProgrammeStatus(testApp.db, programme, 'approved');
    await logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds: [lines[0]!.id] }).expect(200);
    await logistics.post(`/api/programmes/${programme.id}/processes`).send({ code: 'X-2', title: 'x', channel: 'essalud', type: 'reverse_auction' }).expect(201);
    await setTestProgrammeStatus(testApp.db, approved, 'closed');

    const before = await auditCount();
    const writes = [
      logistics.post(`/api/programmes/${programme.id}/processes`).send({ code: 'X-3', title: 'x', channel: 'essalud', type: 'reverse_auction' }),
      logistics.patch(`/api/processes/${process.id}`).send({ version: 1, status: 'convocado' }),
      logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds: [lines[1]!.id] }),
      logistics.patch(`/api/processes/${process.id}/lines/${lines[0]!.id}`).send({ referenceUnitPrice: '1.0000' }),
      logistics.delete(`/api/processes/${process.id}/lines/${lines[0]!.id}`),
    ];
    for (const response of await Promise.all(writes)) {
      expectProblem(response, 409, 'status');
      expect(response.body).toMatchObject({ type: '/problems/programme-not-editable' });
    }
    expect(await auditCount()).toBe(before);
    expect(await processOf(process.id)).toMatchObject({ status: 'programado', lines: 1, version: 1 });
  });
});
