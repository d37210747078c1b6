// What processes saved against their reference (issue 12): per process (paged), per process type,
// per channel and for the programme, summed exactly; a saving above the reference is negative and
// reported as it is; lines without an award are counted apart. The LP SIP 018-2011 figures of the
// report are rebuilt. Suppliers and what they were awarded.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurchaseLineDto } from '../../shared/api.ts';
import type { ProcessDto, ProgrammeSavings, SupplierDetail, SupplierDto, SuppliersPage } from '../../shared/procurement-api.ts';
import { assignTestLines, awardTestLine, createTestProcess, createTestProgramme, setTestProcessStatus, testRuc, type LineSpec } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let logistics: TestAgent;
let viewer: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  logistics = await signedIn(testApp, 'logistics');
  viewer = await signedIn(testApp, 'viewer');
});
afterAll(() => testApp.close());

async function savingsOf(programmeId: number, query = ''): Promise<ProgrammeSavings> {
  return (await viewer.get(`/api/programmes/${programmeId}/savings${query}`).expect(200)).body as ProgrammeSavings;
}

const corporate = { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' } as const;

describe('savings', () => {
  it('when processes are awarded below and above their reference, with lines unawarded and a void process, then each figure is exact and unawarded lines are counted apart', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, {
      lines: [
        { ...corporate, quantity: '100', unitPrice: '10.0000' }, // reference 1,000.00
        { ...corporate, quantity: '3', unitPrice: '0.3333' }, // reference 1.00
        { ...corporate, quantity: '50', unitPrice: '2.0000' }, // reference 100.00, unawarded
        { channel: 'essalud', process: 'conventional', quantity: '10', unitPrice: '5.0000' }, // reference 50.00
        { channel: 'essalud', process: 'conventional', quantity: '7', unitPrice: '1.0000' }, // in a void process
      ],
    });
    const [l1, l2, l3, l4, l5] = lines as [PurchaseLineDto, PurchaseLineDto, PurchaseLineDto, PurchaseLineDto, PurchaseLineDto];
    const auction = await setTestProcessStatus(
      testApp.db,
      await createTestProcess(testApp.db, programme, { code: 'LP SIP 001', channel: 'minsa_corporate', segment: 'medicines', type: 'reverse_auction' }),
      'convocado',
    );
    await assignTestLines(testApp.db, auction, [l1, l2, l3]);
    await awardTestLine(testApp.db, auction, l1, { awardedUnitPrice: '8.7650' }); // 876.50
    await awardTestLine(testApp.db, auction, l2, { awardedUnitPrice: '0.3000' }); // 0.90
    const tender = await setTestProcessStatus(testApp.db, await createTestProcess(testApp.db, programme, { code: 'LP 002', type: 'conventional' }), 'convocado');
    await assignTestLines(testApp.db, tender, [l4]);
    await awardTestLine(testApp.db, tender, l4, { awardedUnitPrice: '5.5000' }); // 55.00: above the reference
    const voided = await setTestProcessStatus(testApp.db, await createTestProcess(testApp.db, programme, { code: 'LP 003', type: 'conventional' }), 'convocado');
    await assignTestLines(testApp.db, voided, [l5]);
    await awardTestLine(testApp.db, voided, l5, { awardedUnitPrice: '0.5000' });
    const ended = await setTestProcessStatus(testApp.db, voided, 'nulo');
    // Its award stays on record, but it does not stand.
    expect(ended).toMatchObject({ lines: 1, reference: '7.00', awarded: null, unawardedLines: 1 });
    await createTestProcess(testApp.db, programme, { code: 'LP 004', type: 'unscheduled' });

    const savings = await savingsOf(programme.id);
    expect(savings.totalProcesses).toBe(4);
    expect(savings.processes.map(({ code, status, reference, awarded, saving, percent, awardedLines, unawardedLines }) => ({ code, status, reference, awarded, saving, percent, awardedLines, unawardedLines }))).toEqual([
      // 123.60 / 1001.00 = 12.3476… %
      { code: 'LP 002', status: 'convocado', reference: '50.00', awarded: '55.00', saving: '-5.00', percent: '-10.00', awardedLines: 1, unawardedLines: 0 },
      { code: 'LP 003', status: 'nulo', reference: '0.00', awarded: '0.00', saving: '0.00', percent: null, awardedLines: 0, unawardedLines: 1 },
      { code: 'LP 004', status: 'programado', reference: '0.00', awarded: '0.00', saving: '0.00', percent: null, awardedLines: 0, unawardedLines: 0 },
      { code: 'LP SIP 001', status: 'convocado', reference: '1001.00', awarded: '877.40', saving: '123.60', percent: '12.35', awardedLines: 2, unawardedLines: 1 },
    ]);
    expect(savings.byType).toEqual([
      { type: 'reverse_auction', reference: '1001.00', awarded: '877.40', saving: '123.60', percent: '12.35', awardedLines: 2, unawardedLines: 1 },
      { type: 'conventional', reference: '50.00', awarded: '55.00', saving: '-5.00', percent: '-10.00', awardedLines: 1, unawardedLines: 1 },
      { type: 'unscheduled', reference: '0.00', awarded: '0.00', saving: '0.00', percent: null, awardedLines: 0, unawardedLines: 0 },
    ]);
    expect(savings.byChannel).toEqual([
      { channel: 'minsa_corporate', reference: '1001.00', awarded: '877.40', saving: '123.60', percent: '12.35', awardedLines: 2, unawardedLines: 1 },
      { channel: 'essalud', reference: '50.00', awarded: '55.00', saving: '-5.00', percent: '-10.00', awardedLines: 1, unawardedLines: 1 },
    ]);
    // 118.60 / 1051.00 = 11.2845… %
    expect(savings.totals).toEqual({ reference: '1051.00', awarded: '932.40', saving: '118.60', percent: '11.28', awardedLines: 3, unawardedLines: 2 });

    // Each process says the same of itself: the reference of its awarded lines, beside what was awarded.
    const listed = (await viewer.get(`/api/programmes/${programme.id}/processes`).expect(200)).body as { processes: ProcessDto[] };
    expect(listed.processes.map(({ code, awardedReference, awarded }) => ({ code, awardedReference, awarded }))).toEqual([
      { code: 'LP 002', awardedReference: '50.00', awarded: '55.00' },
      { code: 'LP 003', awardedReference: null, awarded: null },
      { code: 'LP 004', awardedReference: null, awarded: null },
      { code: 'LP SIP 001', awardedReference: '1001.00', awarded: '877.40' },
    ]);

    const page = await savingsOf(programme.id, '?page=2&pageSize=3');
    expect(page.processes.map((process) => process.code)).toEqual(['LP SIP 001']);
    expect(page.totals).toEqual(savings.totals);
    await viewer.get(`/api/programmes/${programme.id}/savings?pageSize=0`).expect(400);
    await viewer.get('/api/programmes/999999/savings').expect(404);
  });

  it('when LP SIP 018-2011-DARES/MINSA is rebuilt with 201 lines, then its reference is S/ 224,345,366.26, awarded S/ 185,166,252.06, the saving S/ 39,179,114.20 and 17.46 %', async () => {
    // 200 lines of S/ 1,116,146.10 and one of 1,116,146.26 referenced; 200 of 921,224.13 and one of 921,426.06 awarded.
    const specs: LineSpec[] = Array.from({ length: 201 }, (_, i) => ({ ...corporate, quantity: '1', unitPrice: i === 200 ? '1116146.2600' : '1116146.1000' }));
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: specs });
    const created = await logistics
      .post(`/api/programmes/${programme.id}/processes`)
      .send({ code: 'LP SIP 018-2011-DARES/MINSA', title: 'Compra Corporativa de medicamentos 2012', channel: 'minsa_corporate', segment: 'medicines', type: 'reverse_auction' })
      .expect(201);
    const process = created.body as ProcessDto;
    const assigned = (await logistics.post(`/api/processes/${process.id}/lines`).send({ lineIds: lines.map((line) => line.id) }).expect(200)).body as ProcessDto;
    expect(assigned).toMatchObject({ lines: 201, reference: '224345366.26' });
    const called = (await logistics.patch(`/api/processes/${process.id}`).send({ version: 1, status: 'convocado', calledOn: '2011-10-03' }).expect(200)).body as ProcessDto;
    const supplier = { supplierRuc: testRuc(), supplierName: 'Consorcio Farmacéutico S.A.' };
    for (const [i, line] of lines.entries()) {
      await awardTestLine(testApp.db, process, line, { ...supplier, awardedUnitPrice: i === 200 ? '921426.0600' : '921224.1300' });
    }
    await logistics.patch(`/api/processes/${process.id}`).send({ version: called.version, status: 'adjudicado' }).expect(200);

    const savings = await savingsOf(programme.id);
    expect(savings.processes).toEqual([
      {
        processId: process.id,
        code: 'LP SIP 018-2011-DARES/MINSA',
        type: 'reverse_auction',
        channel: 'minsa_corporate',
        segment: 'medicines',
        status: 'adjudicado',
        reference: '224345366.26',
        awarded: '185166252.06',
        saving: '39179114.20',
        percent: '17.46',
        awardedLines: 201,
        unawardedLines: 0,
      },
    ]);
    expect(savings.totals).toMatchObject({ saving: '39179114.20', percent: '17.46' });
  });
});

describe('suppliers', () => {
  it('when a supplier is registered, then 201 and audited; its RUC again is 409 naming ruc; a bad RUC or a blank name is 400 naming it', async () => {
    const ruc = testRuc();
    const supplier = (await logistics.post('/api/suppliers').send({ ruc, name: ' Laboratorios Unidos S.A. ' }).expect(201)).body as SupplierDto;
    expect(supplier).toEqual({ id: supplier.id, ruc, name: 'Laboratorios Unidos S.A.' });
    const again = await logistics.post('/api/suppliers').send({ ruc, name: 'Otro nombre' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ field: 'ruc', in: 'body', message: `El RUC ${ruc} ya es del proveedor «Laboratorios Unidos S.A.».` }]);
    for (const bad of ['2013125775', '20131257751', '2013125775O', '201312577500', '30131257750']) {
      const response = await logistics.post('/api/suppliers').send({ ruc: bad, name: 'X' });
      expect(response.status, bad).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field), bad).toEqual(['ruc']);
    }
    const blank = await logistics.post('/api/suppliers').send({ ruc: testRuc(), name: '  ' });
    expect(blank.body.errors.map((error: { field: string }) => error.field)).toEqual(['name']);
    await viewer.post('/api/suppliers').send({ ruc: testRuc(), name: 'X' }).expect(403);
  });

  it('when suppliers are listed and one is opened, then each carries what it was awarded (standing awards only), its awards paged', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ quantity: '10', unitPrice: '3.0000' }, { quantity: '4', unitPrice: '3.0000' }, { quantity: '5', unitPrice: '1.0000' }] });
    const ruc = testRuc();
    const named = { supplierRuc: ruc, supplierName: 'Distribuidora Zeta E.I.R.L.' };
    const process = await setTestProcessStatus(testApp.db, await createTestProcess(testApp.db, programme, { code: 'SIE-100' }), 'convocado');
    await assignTestLines(testApp.db, process, lines.slice(0, 2));
    const first = await awardTestLine(testApp.db, process, lines[0]!, { ...named, awardedUnitPrice: '2.5000' }); // 25.00
    await awardTestLine(testApp.db, process, lines[1]!, { supplierRuc: ruc, awardedUnitPrice: '2.0000' }); // 8.00
    const voided = await setTestProcessStatus(testApp.db, await createTestProcess(testApp.db, programme, { code: 'SIE-101' }), 'convocado');
    await assignTestLines(testApp.db, voided, [lines[2]!]);
    await awardTestLine(testApp.db, voided, lines[2]!, { supplierRuc: ruc, awardedUnitPrice: '1.0000' });
    await setTestProcessStatus(testApp.db, voided, 'nulo');

    const list = (await viewer.get('/api/suppliers?q=zeta').expect(200)).body as SuppliersPage;
    expect(list).toEqual({ suppliers: [{ ...first.supplier, awardedTotal: '33.00', awardedLines: 2 }], total: 1 });
    const detail = (await viewer.get(`/api/suppliers/${first.supplier!.id}?pageSize=1`).expect(200)).body as SupplierDetail;
    expect(detail).toMatchObject({ ...first.supplier, awardedTotal: '33.00', awardedLines: 2, totalAwards: 2 });
    // By item code: the first page holds the line whose item code comes first.
    const firstLine = [lines[0]!, lines[1]!].sort((a, b) => a.item.code.localeCompare(b.item.code))[0]!;
    expect(detail.awards).toEqual([
      {
        process: { id: process.id, code: 'SIE-100', status: 'convocado' },
        programme: { id: programme.id, name: programme.name, fiscalYear: programme.fiscalYear },
        lineId: firstLine.id,
        item: { id: firstLine.item.id, code: firstLine.item.code, name: firstLine.item.name },
        awardedQuantity: firstLine === lines[0] ? '10.0000' : '4.0000',
        awardedUnitPrice: firstLine === lines[0] ? '2.5000' : '2.0000',
        awardedAmount: firstLine === lines[0] ? '25.00' : '8.00',
      },
    ]);
    const second = (await viewer.get(`/api/suppliers/${first.supplier!.id}?page=2&pageSize=1`).expect(200)).body as SupplierDetail;
    expect(second.awards).toHaveLength(1);
    expect(new Set([detail.awards[0]!.lineId, second.awards[0]!.lineId])).toEqual(new Set([lines[0]!.id, lines[1]!.id]));
    await viewer.get('/api/suppliers/999999').expect(404);
  });
});
