import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDto } from '../../shared/api.ts';
import type { AuditPage, RecordHistoryPage } from '../../shared/auth.ts';
import { createTestProgramme } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let pharmacy: TestAgent;
let admin: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  pharmacy = await signedIn(testApp, 'pharmacy');
  admin = await signedIn(testApp, 'admin');
});
afterAll(() => testApp.close());

const newItem = {
  code: '010999001',
  dci: 'Ácido tranexámico',
  strength: '1 g/10 mL',
  dosageForm: 'inyectable',
  supplyList: 'centralized',
  therapeuticGroup: 'Sangre y órganos hematopoyéticos',
  ven: 'vital',
  oncology: false,
};

let codes = 0;
/** An item of this test's own, added through the API by the pharmacy manager. */
const addItem = async (overrides: Partial<typeof newItem> = {}) =>
  (await pharmacy.post('/api/items').send({ ...newItem, code: `MANT-${++codes}`, dci: `Ítem de mantenimiento ${codes}`, ...overrides }).expect(201)).body as ItemDto;

describe('maintaining the formulary', () => {
  it('when a pharmacy manager adds an item, then it is in the formulary and in its history', async () => {
    const created = (await pharmacy.post('/api/items').send(newItem).expect(201)).body as ItemDto;
    expect(created).toMatchObject({ ...newItem, name: 'Ácido tranexámico 1 g/10 mL inyectable', active: true, version: 1 });
    const found = await pharmacy.get('/api/items?q=tranexamico').expect(200);
    expect(found.body.items.map((item: ItemDto) => item.code)).toContain('010999001');
    const history = (await admin.get(`/api/audit?entity=item&entityId=${created.id}`).expect(200)).body as AuditPage;
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0]).toMatchObject({ action: 'create', after: { code: '010999001' } });
  });

  it('when an item is read by its id, then it comes with its version; an unknown id is 404 and a malformed one 400, both naming id', async () => {
    const { possibleDuplicates: _none, ...item } = (await addItem()) as ItemDto & { possibleDuplicates: unknown };
    expect((await pharmacy.get(`/api/items/${item.id}`).expect(200)).body).toEqual(item);
    const missing = await pharmacy.get('/api/items/99999999').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body.errors[0].field).toBe('id');
    expect((await pharmacy.get('/api/items/abc').expect(400)).body.errors[0].field).toBe('id');
  });

  it("when anyone signed in reads an item's history, then it lists its changes newest first without addresses or hashes", async () => {
    const item = await addItem({ code: 'HIST-1' });
    const viewer = await signedIn(testApp, 'viewer');
    const history = (await viewer.get(`/api/items/${item!.id}/history`).expect(200)).body as RecordHistoryPage;
    expect(history.total).toBe(1);
    expect(history.entries[0]).toEqual({
      id: expect.any(Number),
      at: expect.any(String),
      username: 'prueba-pharmacy',
      action: 'create',
      before: null,
      after: expect.objectContaining({ code: 'HIST-1', version: 1 }),
    });
    expect((await viewer.get('/api/items/99999999/history').expect(404)).body.errors[0].field).toBe('id');
    expect((await viewer.get(`/api/items/${item!.id}/history?pageSize=0`).expect(400)).body.errors[0].field).toBe('pageSize');
  });

  it('when the code is already used (in any case), then 409 names code and nothing is added', async () => {
    await addItem({ code: 'usado-1' });
    const before = (await pharmacy.get('/api/items?pageSize=1').expect(200)).body.total;
    const response = await pharmacy.post('/api/items').send({ ...newItem, code: 'USADO-1' }).expect(409);
    expect(response.body.errors[0].field).toBe('code');
    expect((await pharmacy.get('/api/items?pageSize=1').expect(200)).body.total).toBe(before);
  });

  it('when fields are missing or wrong, then 400 names each one in Spanish', async () => {
    const response = await pharmacy
      .post('/api/items')
      .send({ ...newItem, code: ' ', dci: '', supplyList: 'regional', ven: 'urgente', oncology: 'no' })
      .expect(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['code', 'dci', 'oncology', 'supplyList', 'ven']);
    expect(response.body.errors.find((e: { field: string }) => e.field === 'supplyList').message).toMatch(/Suministro centralizado/);
  });

  it('when an item is edited with the version read, then it changes and the version moves on', async () => {
    const item = await addItem({ dci: 'Ácido tranexámico' });
    const edited = (await pharmacy.patch(`/api/items/${item!.id}`).send({ version: item!.version, strength: '500 mg/5 mL' }).expect(200)).body;
    expect(edited).toMatchObject({ strength: '500 mg/5 mL', version: item!.version + 1, name: 'Ácido tranexámico 500 mg/5 mL inyectable' });
    const history = (await admin.get(`/api/audit?entity=item&entityId=${item!.id}&action=update`).expect(200)).body as AuditPage;
    expect(history.entries[0]).toMatchObject({ before: { strength: '1 g/10 mL' }, after: { strength: '500 mg/5 mL' } });
  });

  it('when an item is marked a common good by its ficha técnica, then it reads back, a blank sheet unmarks it, and a long one is 400 naming commonGoodSheet', async () => {
    const plain = await addItem();
    expect(plain.commonGoodSheet).toBeNull();
    const common = await addItem({ commonGoodSheet: ' FT-0123-2011 ' } as Partial<typeof newItem>);
    expect(common.commonGoodSheet).toBe('FT-0123-2011');
    const marked = (await pharmacy.patch(`/api/items/${plain.id}`).send({ version: plain.version, commonGoodSheet: 'FT-0456' }).expect(200)).body as ItemDto;
    expect(marked).toMatchObject({ commonGoodSheet: 'FT-0456', version: plain.version + 1 });
    const history = (await admin.get(`/api/audit?entity=item&entityId=${plain.id}&action=update`).expect(200)).body as AuditPage;
    expect(history.entries[0]).toMatchObject({ before: { commonGoodSheet: null }, after: { commonGoodSheet: 'FT-0456' } });
    const unmarked = (await pharmacy.patch(`/api/items/${plain.id}`).send({ version: marked.version, commonGoodSheet: '  ' }).expect(200)).body as ItemDto;
    expect(unmarked.commonGoodSheet).toBeNull();
    const tooLong = await pharmacy.patch(`/api/items/${plain.id}`).send({ version: unmarked.version, commonGoodSheet: 'F'.repeat(41) }).expect(400);
    expect(tooLong.body.errors.map((error: { field: string }) => error.field)).toEqual(['commonGoodSheet']);
    expect(((await pharmacy.get(`/api/items/${plain.id}`).expect(200)).body as ItemDto).commonGoodSheet).toBeNull();
  });

  it('when an edit is based on a stale version, then 409 returns the current record and nothing is overwritten', async () => {
    const item = await addItem({ code: 'STALE-1' });
    await pharmacy.patch(`/api/items/${item!.id}`).send({ version: item!.version, ven: 'essential' }).expect(200);
    const stale = await admin.patch(`/api/items/${item!.id}`).send({ version: item!.version, ven: 'non_essential' }).expect(409);
    expect(stale.body.current).toMatchObject({ id: item!.id, ven: 'essential', version: item!.version + 1 });
    const now = (await pharmacy.get(`/api/items/${item.id}`).expect(200)).body as ItemDto;
    expect(now.ven).toBe('essential');
  });

  it('when an edit changes nothing, then the version stays and nothing is audited', async () => {
    const created = await addItem();
    await pharmacy.patch(`/api/items/${created.id}`).send({ version: 1, strength: '2 g' }).expect(200);
    const item = (await pharmacy.patch(`/api/items/${created.id}`).send({ version: 2, ven: 'vital' === created.ven ? 'essential' : 'vital' }).expect(200)).body as ItemDto;
    const same = (await pharmacy.patch(`/api/items/${item!.id}`).send({ version: item!.version, dci: `${item!.dci}  ` }).expect(200)).body;
    expect(same.version).toBe(item!.version);
    const history = (await admin.get(`/api/audit?entity=item&entityId=${item!.id}`).expect(200)).body as AuditPage;
    expect(history.entries.filter((entry) => entry.action === 'update')).toHaveLength(2);
    const own = (await pharmacy.get(`/api/items/${item!.id}/history`).expect(200)).body as RecordHistoryPage;
    expect(own.entries.map((entry) => entry.action)).toEqual(['update', 'update', 'create']);
  });

  it('when an item in purchase lines is deleted, then 409 asks to deactivate it, and deactivating works', async () => {
    const { lines } = await createTestProgramme(testApp.db);
    const bought = (await pharmacy.get(`/api/items/${lines[0]!.item.id}`).expect(200)).body as ItemDto;
    const refused = await pharmacy.delete(`/api/items/${bought!.id}`).expect(409);
    expect(refused.body.detail).toMatch(/desactívelo/);
    const deactivated = await pharmacy.patch(`/api/items/${bought!.id}`).send({ version: bought!.version, active: false }).expect(200);
    expect(deactivated.body.active).toBe(false);
  });

  it('when an unreferenced item is deleted, then it is gone and the deletion is audited', async () => {
    const created = (await pharmacy.post('/api/items').send({ ...newItem, code: 'TMP-1' }).expect(201)).body as ItemDto;
    await pharmacy.delete(`/api/items/${created.id}`).expect(204);
    expect((await pharmacy.get('/api/items?q=TMP-1').expect(200)).body.total).toBe(0);
    const history = (await admin.get(`/api/audit?entity=item&entityId=${created.id}&action=delete`).expect(200)).body as AuditPage;
    expect(history.entries).toHaveLength(1);
  });

  it('when a viewer tries to change the formulary, then 403', async () => {
    const viewer = await signedIn(testApp, 'viewer');
    await viewer.post('/api/items').send(newItem).expect(403);
  });
});
