// Planned lines in processes through the API (issue 12): assigned all or nothing, each bad case
// named (field lineIds, the line and why) with nothing changed; reference prices and awards, with
// suppliers created on the fly and every malformed price or RUC refused; lines released; and the
// planning grid's lines, which keep their kind while in a process.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinesPage, PurchaseLineDto } from '../../shared/api.ts';
import type { AuditEntryDto, AuditPage } from '../../shared/auth.ts';
import type { ProcessDto, ProcessLineDto, ProcessLinesPage, SuppliersPage } from '../../shared/procurement-api.ts';
import {
  assignTestLines,
  awardTestLine,
  createTestProcess,
  createTestProgramme,
  setTestProcessStatus,
  testRuc,
} from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let logistics: TestAgent;
let admin: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  logistics = await signedIn(testApp, 'logistics');
  admin = await signedIn(testApp, 'admin');
});
afterAll(() => testApp.close());

async function auditOf(entity: string, entityId: number | string): Promise<AuditEntryDto[]> {
  const { body } = await admin.get('/api/audit').query({ entity, entityId: String(entityId) }).expect(200);
  return (body as AuditPage).entries;
}

async function auditCount(): Promise<number> {
  return ((await admin.get('/api/audit?pageSize=1').expect(200)).body as AuditPage).total;
}

async function linesOfProcess(processId: number): Promise<ProcessLineDto[]> {
  return ((await logistics.get(`/api/processes/${processId}/lines?pageSize=500`).expect(200)).body as ProcessLinesPage).lines;
}

async function gridOf(programmeId: number): Promise<PurchaseLineDto[]> {
  return ((await logistics.get(`/api/programmes/${programmeId}/lines?pageSize=1000`).expect(200)).body as LinesPage).lines;
}

interface Problem {
  type: string;
  detail: string;
  errors: { field: string; in: string; message: string }[];
}

function expectProblem(response: { status: number; headers: Record<string, string>; body: unknown }, status: number, field: string): Problem {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.body as Problem;
  expect(problem.errors?.map((error) => error.field)).toContain(field);
  return problem;
}

describe('assigning lines', () => {
  it('when lines are assigned, then each takes its planned quantity and, as reference, its planned unit price; the process sums them; one audit row per line', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ quantity: '3', unitPrice: '0.3333' }, { quantity: '1200', unitPrice: '0.4500' }] });
    const process = await createTestProcess(testApp.db, programme);
    const response = await logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds: lines.map((line) => line.id) }).expect(200);
    expect(response.body as ProcessDto).toMatchObject({ id: process.id, lines: 2, reference: '541.00', awarded: null, unawardedLines: 2, version: 1 });
    const inProcess = await linesOfProcess(process.id);
    expect(inProcess.map(({ lineId, quantity, plannedUnitPrice, plannedAmount, referenceUnitPrice, referenceAmount, supplier }) => ({ lineId, quantity, plannedUnitPrice, plannedAmount, referenceUnitPrice, referenceAmount, supplier }))).toEqual([
      { lineId: lines[0]!.id, quantity: '3.0000', plannedUnitPrice: '0.3333', plannedAmount: '1.00', referenceUnitPrice: '0.3333', referenceAmount: '1.00', supplier: null },
      { lineId: lines[1]!.id, quantity: '1200.0000', plannedUnitPrice: '0.4500', plannedAmount: '540.00', referenceUnitPrice: '0.4500', referenceAmount: '540.00', supplier: null },
    ]);
    const [entry] = await auditOf('process_line', `${process.id}/${lines[0]!.id}`);
    expect(entry).toMatchObject({ action: 'create', username: 'prueba-logistics', after: { processId: process.id, lineId: lines[0]!.id, referenceAmount: '1.00' } });
    const grid = await gridOf(programme.id);
    expect(grid.map((line) => line.procurementProcess)).toEqual([
      { id: process.id, code: process.code, status: 'programado' },
      { id: process.id, code: process.code, status: 'programado' },
    ]);
    // Assigning a line already in this process again changes nothing.
    await logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds: [lines[0]!.id] }).expect(200);
    expect(await linesOfProcess(process.id)).toEqual(inProcess);
  });

  it('when a request mixes good lines with one of another programme, one in another process, one of another channel, segment or type, or one that does not exist, then each is named, nothing is assigned, nothing audited', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, {
      lines: [
        { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' },
        { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' },
        { channel: 'essalud', process: 'reverse_auction' },
        { channel: 'minsa_corporate', segment: 'oncology', process: 'reverse_auction' },
        { channel: 'minsa_corporate', segment: 'medicines', process: 'conventional' },
      ],
    });
    const [good, taken, otherChannel, otherSegment, otherType] = lines as [PurchaseLineDto, PurchaseLineDto, PurchaseLineDto, PurchaseLineDto, PurchaseLineDto];
    const kind = { channel: 'minsa_corporate', segment: 'medicines', type: 'reverse_auction' } as const;
    const process = await createTestProcess(testApp.db, programme, kind);
    const holder = await createTestProcess(testApp.db, programme, { ...kind, code: 'LP SIP 018-2011-DARES/MINSA' });
    await assignTestLines(testApp.db, holder, [taken]);
    const elsewhere = (await createTestProgramme(testApp.db, { lines: [{ channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' }] })).lines[0]!;
    const before = await auditCount();

    const cases: [string, number[], number, RegExp][] = [
      ['another programme', [good.id, elsewhere.id], 422, new RegExp(`${elsewhere.id} \\(${elsewhere.item.code}\\) es de otro programa`)],
      ['another process', [good.id, taken.id], 409, new RegExp(`${taken.id} \\(${taken.item.code}\\) ya está en el proceso «LP SIP 018-2011-DARES/MINSA»`)],
      ['another channel', [good.id, otherChannel.id], 422, new RegExp(`${otherChannel.id} \\(${otherChannel.item.code}\\) es de la Compra EsSalud`)],
      ['another segment', [good.id, otherSegment.id], 422, new RegExp(`${otherSegment.id} \\(${otherSegment.item.code}\\) es del segmento Oncológicos`)],
      ['another type', [good.id, otherType.id], 422, new RegExp(`${otherType.id} \\(${otherType.item.code}\\) va por Proceso convencional`)],
      ['no such line', [good.id, 987_654], 422, /La línea 987654 no existe/],
    ];
    for (const [name, lineIds, status, message] of cases) {
      const problem = expectProblem(await logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds }), status, 'lineIds');
      expect(problem.type, name).toBe('/problems/line-not-assignable');
      expect(problem.errors.map((error) => error.message).join(' '), name).toMatch(message);
    }
    // All at once: every bad line named.
    const all = expectProblem(
      await logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds: [good.id, elsewhere.id, taken.id, otherChannel.id, otherSegment.id, otherType.id] }),
      409,
      'lineIds',
    );
    expect(all.errors).toHaveLength(5);

    expect(await linesOfProcess(process.id)).toEqual([]);
    expect(await auditCount()).toBe(before);
    expect((await gridOf(programme.id)).find((line) => line.id === good.id)!.procurementProcess).toBeNull();
  });

  it('when lines are assigned to an awarded process, its reference changed, or a consented award changed, or the ids are malformed, then the request is refused naming the field', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}, {}] });
    const process = await setTestProcessStatus(testApp.db, await createTestProcess(testApp.db, programme), 'convocado');
    await assignTestLines(testApp.db, process, [lines[0]!]);
    await awardTestLine(testApp.db, process, lines[0]!);
    await setTestProcessStatus(testApp.db, process, 'adjudicado');
    const refused = expectProblem(await logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds: [lines[1]!.id] }), 409, 'lineIds');
    expect(refused.type).toBe('/problems/process-not-editable');
    // Once awarded the reference stays; once consented, the awards too.
    const line = `/api/processes/${process.id}/lines/${lines[0]!.id}`;
    expectProblem(await logistics.patch(line).send({ referenceUnitPrice: '9.0000' }), 409, 'referenceUnitPrice');
    await logistics.patch(line).send({ awardedUnitPrice: '1.9000' }).expect(200);
    await setTestProcessStatus(testApp.db, (await logistics.get(`/api/processes/${process.id}`).expect(200)).body as ProcessDto, 'consentido');
    expectProblem(await logistics.patch(line).send({ awardedUnitPrice: '1.8000' }), 409, 'awardedUnitPrice');
    expect((await linesOfProcess(process.id))[0]).toMatchObject({ referenceUnitPrice: '2.5000', awardedUnitPrice: '1.9000', awardedAmount: '190.00' });
    expectProblem(await logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds: [] }), 400, 'lineIds');
    expectProblem(await logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds: ['uno'] }), 400, 'lineIds.0');
    expectProblem(await logistics.post('/api/processes/999999/lines').send({ lineIds: [lines[1]!.id] }), 404, 'processId');
  });
});

describe('reference prices and awards', () => {
  async function calledProcessWithLine(spec: { quantity?: string; unitPrice?: string } = { quantity: '100', unitPrice: '2.5000' }) {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [spec] });
    const process = await createTestProcess(testApp.db, programme);
    await assignTestLines(testApp.db, process, lines);
    return { programme, process, line: lines[0]!, url: `/api/processes/${process.id}/lines/${lines[0]!.id}` };
  }

  it('when the reference price is changed before the call, then the reference amount is quantity × price half up and the version moves on; awards wait for the call', async () => {
    const { process, url } = await calledProcessWithLine({ quantity: '3', unitPrice: '1.0000' });
    const changed = (await logistics.patch(url).send({ version: 1, referenceUnitPrice: '0.1235' }).expect(200)).body as ProcessLineDto;
    expect(changed).toMatchObject({ referenceUnitPrice: '0.1235', referenceAmount: '0.37', version: 2 });
    const early = expectProblem(await logistics.patch(url).send({ supplierRuc: testRuc(), supplierName: 'Temprano S.A.', awardedUnitPrice: '0.1' }), 409, 'supplierRuc');
    expect(early.type).toBe('/problems/process-not-editable');
    const [entry] = (await auditOf('process_line', `${process.id}/${changed.lineId}`)).filter((candidate) => candidate.action === 'update');
    expect(entry).toMatchObject({ before: { referenceUnitPrice: '1.0000' }, after: changed });
  });

  it('when an award names a new RUC with a name, then the supplier is created (audited), the quantity is the line’s and the amount is half up', async () => {
    const { process, line, url } = await calledProcessWithLine({ quantity: '3', unitPrice: '0.5000' });
    await setTestProcessStatus(testApp.db, process, 'convocado');
    const ruc = testRuc();
    const awarded = (await logistics.patch(url).send({ supplierRuc: ruc, supplierName: 'Droguería Andina S.A.C.', awardedUnitPrice: '0.1235' }).expect(200)).body as ProcessLineDto;
    expect(awarded).toMatchObject({ supplier: { ruc, name: 'Droguería Andina S.A.C.' }, awardedUnitPrice: '0.1235', awardedQuantity: '3.0000', awardedAmount: '0.37', lineId: line.id });
    const [created] = await auditOf('supplier', awarded.supplier!.id);
    expect(created).toMatchObject({ action: 'create', username: 'prueba-logistics', after: awarded.supplier });
    // The same RUC later: the registered supplier, no name needed, none created.
    const second = await calledProcessWithLine();
    await setTestProcessStatus(testApp.db, second.process, 'convocado');
    const again = (await logistics.patch(second.url).send({ supplierRuc: ruc, awardedUnitPrice: '2.0000', awardedQuantity: '50' }).expect(200)).body as ProcessLineDto;
    expect(again).toMatchObject({ supplier: awarded.supplier, awardedQuantity: '50.0000', awardedAmount: '100.00' });
    const found = (await logistics.get(`/api/suppliers?q=${ruc}`).expect(200)).body as SuppliersPage;
    expect(found.suppliers).toEqual([{ ...awarded.supplier, awardedTotal: '100.37', awardedLines: 2 }]);
  });

  it('when an award is malformed (price with 5 decimals or negative, RUC of wrong length, check digit or with letters, unknown RUC without name), then 4xx names the field and nothing changes', async () => {
    const { process, url } = await calledProcessWithLine();
    await setTestProcessStatus(testApp.db, process, 'convocado');
    const before = await auditCount();
    const ruc = testRuc();
    const wrongCheck = `${ruc.slice(0, 10)}${(Number(ruc[10]) + 1) % 10}`;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ supplierRuc: ruc, supplierName: 'X S.A.', awardedUnitPrice: '1.12345' }, 400, 'awardedUnitPrice'],
      [{ supplierRuc: ruc, supplierName: 'X S.A.', awardedUnitPrice: '-1.00' }, 400, 'awardedUnitPrice'],
      [{ supplierRuc: ruc, supplierName: 'X S.A.', awardedUnitPrice: '1', awardedQuantity: '0' }, 400, 'awardedQuantity'],
      [{ supplierRuc: ruc.slice(0, 10), supplierName: 'X S.A.', awardedUnitPrice: '1' }, 400, 'supplierRuc'],
      [{ supplierRuc: wrongCheck, supplierName: 'X S.A.', awardedUnitPrice: '1' }, 400, 'supplierRuc'],
      [{ supplierRuc: '2013125775A', supplierName: 'X S.A.', awardedUnitPrice: '1' }, 400, 'supplierRuc'],
      [{ supplierRuc: ruc, awardedUnitPrice: '1' }, 422, 'supplierName'],
      [{ supplierRuc: ruc, supplierName: 'X S.A.' }, 422, 'awardedUnitPrice'],
      [{ awardedUnitPrice: '1.5000' }, 422, 'supplierRuc'],
      [{ supplierName: 'Sin RUC S.A.' }, 422, 'supplierRuc'],
      [{ version: 1, referenceUnitPrice: '-0.5' }, 400, 'referenceUnitPrice'],
      [{ color: 'rojo' }, 400, 'color'],
    ];
    for (const [body, status, field] of cases) {
      const problem = expectProblem(await logistics.patch(url).send(body), status, field);
      expect(problem.errors.find((error) => error.field === field)!.message, JSON.stringify(body)).toMatch(/^[^a-z]*[A-ZÁÉÍÓÚÑ¿]/);
    }
    expect((await linesOfProcess(process.id))[0]).toMatchObject({ supplier: null, awardedUnitPrice: null, version: 1 });
    expect(((await logistics.get(`/api/suppliers?q=${ruc}`).expect(200)).body as SuppliersPage).total).toBe(0);
    expect(await auditCount()).toBe(before);
  });

  it('when an award is withdrawn with a null RUC, then supplier, price, quantity and amount go; on a stale version 409 carries the current line', async () => {
    const { process, line, url } = await calledProcessWithLine();
    await setTestProcessStatus(testApp.db, process, 'convocado');
    const awarded = await awardTestLine(testApp.db, process, line);
    const stale = expectProblem(await logistics.patch(url).send({ version: 1, supplierRuc: null }), 409, 'version');
    expect(stale).toMatchObject({ type: '/problems/stale-version', current: awarded });
    const withdrawn = (await logistics.patch(url).send({ version: awarded.version, supplierRuc: null }).expect(200)).body as ProcessLineDto;
    expect(withdrawn).toMatchObject({ supplier: null, awardedUnitPrice: null, awardedQuantity: null, awardedAmount: null, referenceAmount: '250.00' });
  });

  it('when an unpriced unscheduled line is awarded, then 422 names referenceUnitPrice: the saving is measured against the reference', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ process: 'unscheduled' }] });
    const process = await setTestProcessStatus(testApp.db, await createTestProcess(testApp.db, programme, { type: 'unscheduled' }), 'convocado');
    await assignTestLines(testApp.db, process, lines);
    expect((await linesOfProcess(process.id))[0]).toMatchObject({ quantity: null, referenceUnitPrice: null, referenceAmount: null });
    const refused = await logistics.patch(`/api/processes/${process.id}/lines/${lines[0]!.id}`).send({ supplierRuc: testRuc(), supplierName: 'X S.A.', awardedUnitPrice: '1', awardedQuantity: '10' });
    expectProblem(refused, 422, 'referenceUnitPrice');
  });
});

describe('releasing lines and the planning grid', () => {
  it('when a line is taken out of a process, then it is unassigned again and audited; once awarded the process keeps its lines', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}, {}] });
    const process = await createTestProcess(testApp.db, programme);
    await assignTestLines(testApp.db, process, lines);
    await logistics.delete(`/api/processes/${process.id}/lines/${lines[0]!.id}?version=2`).expect(409);
    await logistics.delete(`/api/processes/${process.id}/lines/${lines[0]!.id}?version=1`).expect(204);
    expect((await linesOfProcess(process.id)).map((line) => line.lineId)).toEqual([lines[1]!.id]);
    expect((await gridOf(programme.id)).map((line) => line.procurementProcess?.id ?? null)).toEqual([null, process.id]);
    const [entry] = (await auditOf('process_line', `${process.id}/${lines[0]!.id}`)).filter((candidate) => candidate.action === 'delete');
    expect(entry).toMatchObject({ before: { processId: process.id, lineId: lines[0]!.id } });
    expectProblem(await logistics.delete(`/api/processes/${process.id}/lines/${lines[0]!.id}`), 404, 'lineId');

    const called = await setTestProcessStatus(testApp.db, process, 'convocado');
    await awardTestLine(testApp.db, called, lines[1]!);
    await setTestProcessStatus(testApp.db, called, 'adjudicado');
    const refused = expectProblem(await logistics.delete(`/api/processes/${process.id}/lines/${lines[1]!.id}`), 409, 'lineId');
    expect(refused.type).toBe('/problems/process-not-editable');
  });

  it('when a planned line in a process is moved to another channel, segment or process type, then 409 names the process; its quantity may change and the reference follows', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ quantity: '10', unitPrice: '1.0000' }] });
    const line = lines[0]!;
    const process = await createTestProcess(testApp.db, programme, { code: 'SIE-007-2026' });
    await assignTestLines(testApp.db, process, [line]);
    const moved = expectProblem(await logistics.patch(`/api/programmes/${programme.id}/lines/${line.id}`).send({ version: 1, process: 'conventional' }), 409, 'process');
    expect(moved.detail).toContain('«SIE-007-2026»');
    const bulk = expectProblem(
      await logistics.post(`/api/programmes/${programme.id}/lines/bulk`).send({ lineIds: [line.id], set: { channel: 'minsa_corporate', segment: 'oncology' } }),
      409,
      'process',
    );
    expect(bulk.detail).toContain('«SIE-007-2026»');
    await logistics.patch(`/api/programmes/${programme.id}/lines/${line.id}`).send({ version: 1, quantity: '12' }).expect(200);
    expect((await linesOfProcess(process.id))[0]).toMatchObject({ quantity: '12.0000', referenceAmount: '12.00' });
    expect((await gridOf(programme.id))[0]).toMatchObject({ process: 'reverse_auction', quantity: '12.0000', procurementProcess: { code: 'SIE-007-2026' } });
  });

  it('when a planned line in a process, live or ended, is deleted, alone or in bulk, then 409 names the line and the process and it stays', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}, {}] });
    const process = await createTestProcess(testApp.db, programme, { code: 'SIE-008-2026' });
    await assignTestLines(testApp.db, process, [lines[0]!]);
    const alone = expectProblem(await logistics.delete(`/api/programmes/${programme.id}/lines/${lines[0]!.id}`), 409, 'lineId');
    expect(alone.detail).toContain('«SIE-008-2026»');
    expectProblem(await logistics.post(`/api/programmes/${programme.id}/lines/bulk`).send({ lineIds: [lines[1]!.id, lines[0]!.id], delete: true }), 409, 'lineIds.1');
    await setTestProcessStatus(testApp.db, process, 'nulo');
    expectProblem(await logistics.delete(`/api/programmes/${programme.id}/lines/${lines[0]!.id}`), 409, 'lineId');
    expect(await gridOf(programme.id)).toHaveLength(2);
    // The database holds the same rule, whatever writes.
    await expect(testApp.db.deleteFrom('purchase_lines').where('id', '=', lines[0]!.id).execute()).rejects.toMatchObject({
      code: '23503',
      constraint: 'process_lines_purchase_line_id_fkey',
    });
  });
});
