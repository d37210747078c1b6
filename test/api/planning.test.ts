// Planning a programme through the API (issue 11): programmes created, copied, renamed, approved,
// closed, reopened and deleted; lines added, edited, deleted and moved in bulk; stale versions;
// what is refused (naming the field, changing nothing); one audit row per write with before and after.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinesPage, ProgrammeBudget, ProgrammeDto, ProgrammeSummary, PurchaseLineDto } from '../../shared/api.ts';
import type { AuditEntryDto, AuditPage } from '../../shared/auth.ts';
import { lineAmount, subtractMoney } from '../../shared/money.ts';
import {
  copyTestProgramme,
  createTestBudget,
  createTestItem,
  createTestProgramme,
  deactivateTestItem,
  setTestProgrammeStatus,
} from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let logistics: TestAgent;
let admin: TestAgent;
let finance: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  logistics = await signedIn(testApp, 'logistics');
  admin = await signedIn(testApp, 'admin');
  finance = await signedIn(testApp, 'finance');
});
afterAll(() => testApp.close());

async function auditOf(entity: string, entityId: number | string): Promise<AuditEntryDto[]> {
  const { body } = await admin.get('/api/audit').query({ entity, entityId: String(entityId) }).expect(200);
  return (body as AuditPage).entries;
}

async function linesOf(programmeId: number): Promise<PurchaseLineDto[]> {
  const { body } = await logistics.get(`/api/programmes/${programmeId}/lines?pageSize=1000`).expect(200);
  return (body as LinesPage).lines;
}

async function auditCount(): Promise<number> {
  return ((await admin.get('/api/audit?pageSize=1').expect(200)).body as AuditPage).total;
}

function expectProblem(response: { status: number; headers: Record<string, string>; body: unknown }, status: number, field: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect((response.body as { errors?: { field: string }[] }).errors?.map((error) => error.field)).toContain(field);
}

describe('programmes', () => {
  it('when a logistics officer creates an empty programme, then it is a draft at version 1, without source, and audited', async () => {
    const response = await logistics.post('/api/programmes').send({ name: 'Compra 2027', fiscalYear: 2027 }).expect(201);
    const programme = response.body as ProgrammeDto;
    expect(programme).toEqual({ id: programme.id, name: 'Compra 2027', fiscalYear: 2027, demo: false, status: 'draft', version: 1, source: null });
    const [entry] = await auditOf('programme', programme.id);
    expect(entry).toMatchObject({ action: 'create', before: null, after: programme });
  });

  it('when a programme is created as a copy, then it has every line with the same amounts and links to its source', async () => {
    const { programme: source, lines } = await createTestProgramme(testApp.db);
    const response = await logistics.post('/api/programmes').send({ name: 'Copia 2027', fiscalYear: 2027, copyFrom: source.id }).expect(201);
    const copy = response.body as ProgrammeDto;
    expect(copy).toMatchObject({ status: 'draft', demo: false, source: { id: source.id, name: source.name } });
    const copied = await linesOf(copy.id);
    const shape = (line: PurchaseLineDto) => ({ ...line, id: 0, version: 0 });
    expect(copied.map(shape)).toEqual((await linesOf(source.id)).map(shape));
    expect(copied.map((line) => line.amount)).toEqual(lines.map((line) => line.amount));
    const [entry] = await auditOf('programme', copy.id);
    expect(entry?.after).toMatchObject({ copiedLines: 2 });
  });

  it('when a copy names a programme that does not exist, then 400 names copyFrom and nothing is created', async () => {
    const before = (await logistics.get('/api/programmes').expect(200)).body as ProgrammeDto[];
    const response = await logistics.post('/api/programmes').send({ name: 'Copia de nada', fiscalYear: 2027, copyFrom: 999999 });
    expectProblem(response, 400, 'copyFrom');
    expect((await logistics.get('/api/programmes').expect(200)).body).toEqual(before);
  });

  it('when a programme is renamed on a stale version, then 409 carries the current programme and nothing changes', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    const renamed = (await logistics.patch(`/api/programmes/${programme.id}`).send({ version: 1, name: 'Primero' }).expect(200)).body as ProgrammeDto;
    expect(renamed).toMatchObject({ name: 'Primero', version: 2 });
    const stale = await logistics.patch(`/api/programmes/${programme.id}`).send({ version: 1, name: 'Segundo' });
    expectProblem(stale, 409, 'version');
    expect(stale.body).toMatchObject({ type: '/problems/stale-version', current: renamed });
    expect((await logistics.get(`/api/programmes/${programme.id}`).expect(200)).body).toEqual(renamed);
    const [update] = await auditOf('programme', programme.id);
    expect(update).toMatchObject({ action: 'update', before: { name: programme.name }, after: { name: 'Primero' } });
  });

  it('when a draft is approved, then its lines, name and deletion are refused with 409 naming its status, and nothing changes', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db);
    const approved = (await logistics.patch(`/api/programmes/${programme.id}`).send({ version: 1, status: 'approved' }).expect(200)).body as ProgrammeDto;
    expect(approved.status).toBe('approved');
    expect((await auditOf('programme', programme.id))[0]).toMatchObject({ action: 'approve', before: { status: 'draft' }, after: { status: 'approved' } });
    const item = await createTestItem(testApp.db);
    const writes = [
      logistics.post(`/api/programmes/${programme.id}/lines`).send({ itemId: item.id, channel: 'essalud', process: 'conventional', quantity: '1', unitPrice: '1' }),
      logistics.patch(`/api/programmes/${programme.id}/lines/${lines[0]!.id}`).send({ version: 1, quantity: '5' }),
      logistics.delete(`/api/programmes/${programme.id}/lines/${lines[0]!.id}`),
      logistics.post(`/api/programmes/${programme.id}/lines/bulk`).send({ lineIds: [lines[0]!.id], delete: true }),
      logistics.patch(`/api/programmes/${programme.id}`).send({ version: approved.version, name: 'Otro nombre' }),
      logistics.delete(`/api/programmes/${programme.id}`),
    ];
    const audited = await auditCount();
    for (const response of await Promise.all(writes)) {
      expectProblem(response, 409, 'status');
      expect(response.body).toMatchObject({ type: '/problems/programme-not-editable', programme: { id: programme.id, status: 'approved' } });
    }
    expect(await linesOf(programme.id)).toEqual(lines);
    expect(await auditCount()).toBe(audited);
  });

  it('when a logistics officer reopens an approved programme, then 403 names status; an administrator reopens it, audited', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    const approved = await setTestProgrammeStatus(testApp.db, programme, 'approved');
    expectProblem(await logistics.patch(`/api/programmes/${programme.id}`).send({ version: approved.version, status: 'draft' }), 403, 'status');
    const reopened = (await admin.patch(`/api/programmes/${programme.id}`).send({ version: approved.version, status: 'draft' }).expect(200)).body;
    expect(reopened).toMatchObject({ status: 'draft', version: approved.version + 1 });
    expect((await auditOf('programme', programme.id))[0]).toMatchObject({ action: 'reopen', before: { status: 'approved' }, after: { status: 'draft' } });
  });

  it('when a draft is closed without being approved, then 409 names status', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    expectProblem(await logistics.patch(`/api/programmes/${programme.id}`).send({ version: 1, status: 'closed' }), 409, 'status');
  });

  it('when an approved programme is closed and then reopened by an administrator, then each step is audited', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    const approved = await setTestProgrammeStatus(testApp.db, programme, 'approved');
    const closed = (await logistics.patch(`/api/programmes/${programme.id}`).send({ version: approved.version, status: 'closed' }).expect(200)).body as ProgrammeDto;
    await admin.patch(`/api/programmes/${programme.id}`).send({ version: closed.version, status: 'approved' }).expect(200);
    expect((await auditOf('programme', programme.id)).map((entry) => entry.action)).toEqual(['reopen', 'close', 'approve', 'create']);
  });

  it('when a draft is deleted, then its lines go, its copies keep theirs without source, and the delete is audited', async () => {
    const { programme } = await createTestProgramme(testApp.db);
    const copy = await copyTestProgramme(testApp.db, programme);
    await logistics.delete(`/api/programmes/${programme.id}`).expect(204);
    await logistics.get(`/api/programmes/${programme.id}`).expect(404);
    expect((await logistics.get(`/api/programmes/${copy.id}`).expect(200)).body).toMatchObject({ source: null });
    expect(await linesOf(copy.id)).toHaveLength(2);
    expect((await auditOf('programme', programme.id))[0]).toMatchObject({ action: 'delete', after: null, before: { id: programme.id, lines: 2 } });
  });

  it('when a delete carries a stale version, then 409 carries the current programme and it stays', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    await logistics.patch(`/api/programmes/${programme.id}`).send({ version: 1, name: `${programme.name} bis` }).expect(200);
    const response = await logistics.delete(`/api/programmes/${programme.id}?version=1`);
    expectProblem(response, 409, 'version');
    expect(response.body).toMatchObject({ current: { id: programme.id, version: 2 } });
  });

  it('when a programme takes a name already used, then 409 names name', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    expectProblem(await logistics.post('/api/programmes').send({ name: programme.name, fiscalYear: 2027 }), 409, 'name');
  });
});

describe('lines', () => {
  it('when a line is added, then its amount is quantity × unit price half up to the cent and it is audited', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    const item = await createTestItem(testApp.db);
    const response = await logistics
      .post(`/api/programmes/${programme.id}/lines`)
      .send({ itemId: item.id, channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', quantity: '3', unitPrice: '0.0050' })
      .expect(201);
    const line = response.body as PurchaseLineDto;
    expect(line).toMatchObject({ item: { id: item.id }, quantity: '3.0000', unitPrice: '0.0050', amount: lineAmount('3', '0.0050'), version: 1 });
    expect(line.amount).toBe('0.02');
    const [entry] = await auditOf('purchase_line', line.id);
    expect(entry).toMatchObject({ action: 'create', before: null, after: { programmeId: programme.id, ...line } });
  });

  const badLines: [string, string, Record<string, unknown>][] = [
    ['a negative quantity', 'quantity', { quantity: '-1' }],
    ['a quantity of zero', 'quantity', { quantity: '0' }],
    ['a non-numeric quantity', 'quantity', { quantity: 'diez' }],
    ['a quantity as a JSON number', 'quantity', { quantity: 10 }],
    ['a quantity with 5 decimals', 'quantity', { quantity: '1.00001' }],
    ['a quantity of 1e309', 'quantity', { quantity: '1e309' }],
    ['a negative price', 'unitPrice', { unitPrice: '-0.01' }],
    ['a non-numeric price', 'unitPrice', { unitPrice: 'S/ 2' }],
    ['a price with 5 decimals', 'unitPrice', { unitPrice: '2.00001' }],
    ['a price of 1e309', 'unitPrice', { unitPrice: '1e309' }],
    ['an unknown item', 'itemId', { itemId: 999999 }],
    ['a MINSA line without segment', 'segment', { channel: 'minsa_corporate', segment: null }],
    ['an EsSalud line with a segment', 'segment', { channel: 'essalud', segment: 'oncology' }],
    ['an unknown channel', 'channel', { channel: 'otro' }],
    ['an unknown process', 'process', { process: 'licitacion' }],
    ['a scheduled line without price', 'quantity', { quantity: null, unitPrice: null }],
    ['an unknown field', 'amount', { amount: '1.00' }],
  ];

  it.each(badLines)('when a line comes with %s, then 400 names %s and nothing changes', async (_what, field, change) => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}] });
    const item = await createTestItem(testApp.db);
    const audited = await auditCount();
    const response = await logistics
      .post(`/api/programmes/${programme.id}/lines`)
      .send({ itemId: item.id, channel: 'essalud', segment: null, process: 'conventional', quantity: '10', unitPrice: '2.5', ...change });
    expectProblem(response, 400, field);
    // The same change as an edit of the existing line (where it is a field of a line).
    if (field !== 'itemId' && field !== 'amount') {
      expectProblem(await logistics.patch(`/api/programmes/${programme.id}/lines/${lines[0]!.id}`).send({ version: 1, ...change }), 400, field);
    }
    expect(await linesOf(programme.id)).toEqual(lines);
    expect(await auditCount()).toBe(audited);
  });

  it('when a line is for an inactive item, then 400 names itemId and nothing is added', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    const item = await deactivateTestItem(testApp.db, await createTestItem(testApp.db));
    const response = await logistics.post(`/api/programmes/${programme.id}/lines`).send({ itemId: item.id, channel: 'essalud', process: 'conventional', quantity: '1', unitPrice: '1' });
    expectProblem(response, 400, 'itemId');
    expect(await linesOf(programme.id)).toEqual([]);
  });

  it('when a second line has the same item and channel, then 409 names itemId', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}] });
    const response = await logistics
      .post(`/api/programmes/${programme.id}/lines`)
      .send({ itemId: lines[0]!.item.id, channel: 'essalud', process: 'conventional', quantity: '1', unitPrice: '1' });
    expectProblem(response, 409, 'itemId');
  });

  it('when a line is edited, then the amount is computed again, the version moves on and the audit row has before and after', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ quantity: '100', unitPrice: '2.5000' }] });
    const before = lines[0]!;
    const response = await logistics.patch(`/api/programmes/${programme.id}/lines/${before.id}`).send({ version: 1, quantity: '333', unitPrice: '0.0015' }).expect(200);
    const after = response.body as PurchaseLineDto;
    expect(after).toMatchObject({ id: before.id, quantity: '333.0000', unitPrice: '0.0015', amount: '0.50', version: 2 });
    const [entry] = await auditOf('purchase_line', before.id);
    expect(entry).toMatchObject({ action: 'update', before: { ...before, programmeId: programme.id }, after: { ...after, programmeId: programme.id } });
  });

  it('when a line is edited on a stale version, then 409 carries the current line and nothing changes', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}] });
    const line = lines[0]!;
    const first = (await logistics.patch(`/api/programmes/${programme.id}/lines/${line.id}`).send({ version: 1, quantity: '7' }).expect(200)).body;
    const stale = await logistics.patch(`/api/programmes/${programme.id}/lines/${line.id}`).send({ version: 1, quantity: '8' });
    expectProblem(stale, 409, 'version');
    expect(stale.body).toMatchObject({ type: '/problems/stale-version', current: first });
    expect(await linesOf(programme.id)).toEqual([first]);
  });

  it('when a line moves to EsSalud, then it loses its segment; moving to MINSA without one names segment', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{ channel: 'minsa_corporate', segment: 'oncology' }, {}] });
    const [minsa, essalud] = lines as [PurchaseLineDto, PurchaseLineDto];
    const moved = (await logistics.patch(`/api/programmes/${programme.id}/lines/${minsa.id}`).send({ version: 1, channel: 'essalud' }).expect(200)).body;
    expect(moved).toMatchObject({ channel: 'essalud', segment: null });
    expectProblem(await logistics.patch(`/api/programmes/${programme.id}/lines/${essalud.id}`).send({ version: 1, channel: 'minsa_corporate' }), 400, 'segment');
    await logistics.patch(`/api/programmes/${programme.id}/lines/${essalud.id}`).send({ version: 1, channel: 'minsa_corporate', segment: 'medicines' }).expect(200);
  });

  it('when an unscheduled line goes without price, then it has no amount, and pricing it gives one', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    const item = await createTestItem(testApp.db);
    const line = (await logistics.post(`/api/programmes/${programme.id}/lines`).send({ itemId: item.id, channel: 'essalud', process: 'unscheduled' }).expect(201)).body;
    expect(line).toMatchObject({ quantity: null, unitPrice: null, amount: null });
    const priced = (await logistics.patch(`/api/programmes/${programme.id}/lines/${line.id}`).send({ version: 1, quantity: '2', unitPrice: '1.005' }).expect(200)).body;
    expect(priced.amount).toBe('2.01');
  });

  it('when a line of another programme is edited or deleted through this one, then 404 names lineId', async () => {
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    const { lines } = await createTestProgramme(testApp.db, { lines: [{}] });
    expectProblem(await logistics.patch(`/api/programmes/${programme.id}/lines/${lines[0]!.id}`).send({ version: 1, quantity: '2' }), 404, 'lineId');
    expectProblem(await logistics.delete(`/api/programmes/${programme.id}/lines/${lines[0]!.id}`), 404, 'lineId');
  });

  it('when a line is deleted, then it goes and the audit row keeps it as before; a stale version keeps it', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db);
    const [first, second] = lines as [PurchaseLineDto, PurchaseLineDto];
    await logistics.patch(`/api/programmes/${programme.id}/lines/${second.id}`).send({ version: 1, quantity: '9' }).expect(200);
    expectProblem(await logistics.delete(`/api/programmes/${programme.id}/lines/${second.id}?version=1`), 409, 'version');
    await logistics.delete(`/api/programmes/${programme.id}/lines/${first.id}?version=1`).expect(204);
    expect((await linesOf(programme.id)).map((line) => line.id)).toEqual([second.id]);
    expect((await auditOf('purchase_line', first.id))[0]).toMatchObject({ action: 'delete', after: null, before: { ...first, programmeId: programme.id } });
  });

  it('when a line is edited, then the summary changes by exactly the line difference', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db);
    const line = lines[1]!;
    const before = (await logistics.get(`/api/programmes/${programme.id}/summary`).expect(200)).body as ProgrammeSummary;
    const after = (await logistics.patch(`/api/programmes/${programme.id}/lines/${line.id}`).send({ version: 1, unitPrice: '12.3457' }).expect(200)).body as PurchaseLineDto;
    const summary = (await logistics.get(`/api/programmes/${programme.id}/summary`).expect(200)).body as ProgrammeSummary;
    expect(subtractMoney(summary.totals.amount!, before.totals.amount!)).toBe(subtractMoney(after.amount!, line.amount!));
  });
});

describe('bulk actions', () => {
  it('when lines are moved in bulk, then every one changes in one request, with one audit row each', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}, {}, { channel: 'minsa_corporate', segment: 'oncology' }] });
    const response = await logistics
      .post(`/api/programmes/${programme.id}/lines/bulk`)
      .send({ lineIds: lines.map((line) => line.id), set: { channel: 'minsa_corporate', segment: 'medicines', process: 'conventional' } })
      .expect(200);
    expect(response.body).toEqual({ affected: 3 });
    for (const line of await linesOf(programme.id)) {
      expect(line).toMatchObject({ channel: 'minsa_corporate', segment: 'medicines', process: 'conventional', version: 2 });
      const [entry] = await auditOf('purchase_line', line.id);
      expect(entry).toMatchObject({ action: 'update', before: { version: 1 }, after: { segment: 'medicines', version: 2 } });
    }
  });

  it('when a bulk request names a line of another programme, then 400 names it and nothing of the bulk applies', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db);
    const other = await createTestProgramme(testApp.db, { lines: [{}] });
    const audited = await auditCount();
    for (const body of [{ set: { process: 'conventional' } }, { delete: true }]) {
      const response = await logistics.post(`/api/programmes/${programme.id}/lines/bulk`).send({ lineIds: [lines[0]!.id, other.lines[0]!.id, lines[1]!.id], ...body });
      expectProblem(response, 400, 'lineIds.1');
    }
    expect(await linesOf(programme.id)).toEqual(lines);
    expect(await linesOf(other.programme.id)).toEqual(other.lines);
    expect(await auditCount()).toBe(audited);
  });

  it('when a bulk request names a line that no longer exists, then 409 names it and nothing applies', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db);
    await logistics.delete(`/api/programmes/${programme.id}/lines/${lines[1]!.id}`).expect(204);
    const response = await logistics.post(`/api/programmes/${programme.id}/lines/bulk`).send({ lineIds: [lines[0]!.id, lines[1]!.id], delete: true });
    expectProblem(response, 409, 'lineIds.1');
    expect(await linesOf(programme.id)).toHaveLength(1);
  });

  it('when lines are deleted in bulk by filter, then exactly the filtered lines go, each audited', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, {
      lines: [{ process: 'conventional' }, { process: 'conventional' }, { process: 'reverse_auction' }],
    });
    const response = await logistics.post(`/api/programmes/${programme.id}/lines/bulk`).send({ filter: { process: 'conventional' }, delete: true }).expect(200);
    expect(response.body).toEqual({ affected: 2 });
    expect((await linesOf(programme.id)).map((line) => line.id)).toEqual([lines[2]!.id]);
    expect((await auditOf('purchase_line', lines[0]!.id))[0]).toMatchObject({ action: 'delete', before: { id: lines[0]!.id } });
  });

  it('when a bulk set gives a segment to EsSalud lines, or moves to MINSA without one, then 400 names the field', async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, { lines: [{}] });
    const ids = lines.map((line) => line.id);
    expectProblem(await logistics.post(`/api/programmes/${programme.id}/lines/bulk`).send({ lineIds: ids, set: { segment: 'oncology' } }), 400, 'lineIds.0');
    expectProblem(await logistics.post(`/api/programmes/${programme.id}/lines/bulk`).send({ lineIds: ids, set: { channel: 'minsa_corporate' } }), 400, 'set.segment');
    expectProblem(await logistics.post(`/api/programmes/${programme.id}/lines/bulk`).send({ lineIds: ids }), 400, 'set');
    expect(await linesOf(programme.id)).toEqual(lines);
  });
});

describe('budget ceilings', () => {
  it('when finance sets a ceiling, then it is created at version 1, replaced on that version, and a stale one gets 409 with the current', async () => {
    const created = await finance.put('/api/budgets/2031/medical_supplies').send({ amount: '1000.00' }).expect(201);
    expect(created.body).toEqual({ fiscalYear: 2031, category: 'medical_supplies', amount: '1000.00', version: 1, sourceDocumentId: null });
    const replaced = await finance.put('/api/budgets/2031/medical_supplies').send({ amount: '1500.5', version: 1 }).expect(200);
    expect(replaced.body).toMatchObject({ amount: '1500.50', version: 2 });
    const stale = await finance.put('/api/budgets/2031/medical_supplies').send({ amount: '9.00', version: 1 });
    expectProblem(stale, 409, 'version');
    expect(stale.body).toMatchObject({ current: replaced.body });
    expectProblem(await finance.put('/api/budgets/2031/medical_supplies').send({ amount: '9.00' }), 409, 'version');
    expectProblem(await finance.put('/api/budgets/2031/dental_supplies').send({ amount: '9.00', version: 1 }), 404, 'category');
    expect((await finance.get('/api/budgets?fiscalYear=2031').expect(200)).body).toEqual([
      { fiscalYear: 2031, category: 'medical_supplies', amount: '1500.50', version: 2 },
    ]);
    expect((await auditOf('budget', '2031/medical_supplies')).map((entry) => [entry.action, (entry.before as { amount?: string } | null)?.amount ?? null])).toEqual([
      ['update', '1000.00'],
      ['create', null],
    ]);
  });

  it('when a ceiling is negative, has three decimals or names an unknown category, then 400 names the field', async () => {
    expectProblem(await finance.put('/api/budgets/2031/medicines').send({ amount: '-1.00' }), 400, 'amount');
    expectProblem(await finance.put('/api/budgets/2031/medicines').send({ amount: '1.005' }), 400, 'amount');
    expectProblem(await finance.put('/api/budgets/2031/otros').send({ amount: '1.00' }), 400, 'category');
    expectProblem(await finance.put('/api/budgets/1200/medicines').send({ amount: '1.00' }), 400, 'fiscalYear');
  });

  it('when the plan exceeds a ceiling, then the budget shows the excess as a warning and the plan still changes', async () => {
    const { programme } = await createTestProgramme(testApp.db, { fiscalYear: 2032, lines: [{ quantity: '100', unitPrice: '2.5000' }, { quantity: '10', unitPrice: '1.0000' }] });
    await createTestBudget(testApp.db, { fiscalYear: 2032, category: 'medicines', amount: '200.00' });
    const { body } = await logistics.get(`/api/programmes/${programme.id}/budget`).expect(200);
    const budget = body as ProgrammeBudget;
    expect(budget.fiscalYear).toBe(2032);
    expect(budget.categories).toEqual([
      { category: 'medicines', ceiling: '200.00', planned: '260.00', remaining: '-60.00', exceeded: true },
      { category: 'medical_supplies', ceiling: null, planned: '0.00', remaining: null, exceeded: false },
      { category: 'dental_supplies', ceiling: null, planned: '0.00', remaining: null, exceeded: false },
      { category: 'radiology_supplies', ceiling: null, planned: '0.00', remaining: null, exceeded: false },
    ]);
    expect(budget.totals).toEqual({ ceiling: '200.00', planned: '260.00', remaining: '-60.00', exceeded: true });
    const item = await createTestItem(testApp.db);
    await logistics.post(`/api/programmes/${programme.id}/lines`).send({ itemId: item.id, channel: 'essalud', process: 'conventional', quantity: '1', unitPrice: '1' }).expect(201);
  });

  it('when the plan adds up beyond what one amount holds, then planned and remaining are still exact', async () => {
    const huge = { quantity: '1000000000', unitPrice: '999.9999' };
    const { programme } = await createTestProgramme(testApp.db, { fiscalYear: 2034, lines: [huge, huge] });
    await createTestBudget(testApp.db, { fiscalYear: 2034, category: 'medicines', amount: '999999999999.99' });
    const { body } = await logistics.get(`/api/programmes/${programme.id}/budget`).expect(200);
    expect((body as ProgrammeBudget).categories[0]).toEqual({
      category: 'medicines', ceiling: '999999999999.99', planned: '1999999800000.00', remaining: '-999999800000.01', exceeded: true,
    });
  });

  it('when an item says it is of another budget category, then its lines are planned against that ceiling', async () => {
    const supplies = await createTestItem(testApp.db, { budgetCategory: 'medical_supplies' });
    expect(supplies.budgetCategory).toBe('medical_supplies');
    const { programme, lines } = await createTestProgramme(testApp.db, { fiscalYear: 2033, lines: [{ item: supplies, quantity: '4', unitPrice: '2.5000' }, { quantity: '1', unitPrice: '1.0000' }] });
    const planned = async () =>
      ((await logistics.get(`/api/programmes/${programme.id}/budget`).expect(200)).body as ProgrammeBudget).categories.map((row) => [row.category, row.planned]);
    expect(await planned()).toEqual([['medicines', '1.00'], ['medical_supplies', '10.00'], ['dental_supplies', '0.00'], ['radiology_supplies', '0.00']]);
    // A pharmacy manager moves the other item to dental supplies: the plan follows.
    const other = lines[1]!.item;
    const pharmacy = await signedIn(testApp, 'pharmacy');
    const { version } = (await pharmacy.get(`/api/items/${other.id}`).expect(200)).body as { version: number };
    await pharmacy.patch(`/api/items/${other.id}`).send({ version, budgetCategory: 'dental_supplies' }).expect(200);
    expect(await planned()).toEqual([['medicines', '0.00'], ['medical_supplies', '10.00'], ['dental_supplies', '1.00'], ['radiology_supplies', '0.00']]);
  });
});
