// Planning "Compra 2013" from the demo's Compra 2012 (a demo test: it reads the demo data). The
// copy has the report's 667 lines and the same purchases table to the cent; editing it moves its
// totals by exactly the line's difference and leaves Compra 2012, which never changes, untouched.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinesPage, ProgrammeComparison, ProgrammeDto, ProgrammeSummary, PurchaseLineDto } from '../../shared/api.ts';
import { addMoney, subtractMoney } from '../../shared/money.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let logistics: TestAgent;
let admin: TestAgent;
let compra2012: ProgrammeDto;

beforeAll(async () => {
  testApp = await startTestApp({ demo: true });
  logistics = await signedIn(testApp, 'logistics');
  admin = await signedIn(testApp, 'admin');
  compra2012 = ((await logistics.get('/api/programmes').expect(200)).body as ProgrammeDto[])[0]!;
});
afterAll(() => testApp.close());

const summaryOf = async (id: number) => (await logistics.get(`/api/programmes/${id}/summary`).expect(200)).body as ProgrammeSummary;
/** The computed figures only: declared figures belong to the report's programme, not to its copies. */
const computed = (summary: ProgrammeSummary) => ({
  rows: summary.rows.map(({ channel, segment, process, items, amount }) => ({ channel, segment, process, items, amount })),
  subtotals: summary.subtotals.map(({ channel, segment, items, amount }) => ({ channel, segment, items, amount })),
  totals: { items: summary.totals.items, amount: summary.totals.amount },
});

async function copyOf2012(name: string): Promise<ProgrammeDto> {
  return (await logistics.post('/api/programmes').send({ name, fiscalYear: 2013, copyFrom: compra2012.id }).expect(201)).body as ProgrammeDto;
}

describe('planning from Compra 2012', () => {
  it('when Compra 2012 is copied, then the copy is an ordinary draft with 667 lines and the same purchases table to the cent', async () => {
    const copy = await copyOf2012('Compra 2013');
    expect(copy).toMatchObject({ name: 'Compra 2013', fiscalYear: 2013, status: 'draft', demo: false, source: { id: compra2012.id, name: 'Compra 2012' } });
    const lines = (await logistics.get(`/api/programmes/${copy.id}/lines?pageSize=1`).expect(200)).body as LinesPage;
    expect(lines.total).toBe(667);
    const [original, copied] = await Promise.all([summaryOf(compra2012.id), summaryOf(copy.id)]);
    expect(computed(copied)).toEqual(computed(original));
    expect(copied.totals.amount).toBe('622729321.01');
  });

  it('when a line of the copy is edited, then the copy’s totals move by exactly the line’s difference and Compra 2012 stays as it was', async () => {
    const copy = await copyOf2012('Compra 2013 (precios)');
    const original = await summaryOf(compra2012.id);
    const { lines } = (await logistics.get(`/api/programmes/${copy.id}/lines?channel=essalud&process=conventional&pageSize=1`).expect(200)).body as LinesPage;
    const line = lines[0]!;
    const edited = (
      await logistics.patch(`/api/programmes/${copy.id}/lines/${line.id}`).send({ version: line.version, quantity: '1234.5678', unitPrice: '3.3333' }).expect(200)
    ).body as PurchaseLineDto;
    const difference = subtractMoney(edited.amount!, line.amount!);
    const after = await summaryOf(copy.id);
    expect(after.totals.amount).toBe(addMoney(original.totals.amount!, difference));
    const row = (summary: ProgrammeSummary) => summary.rows.find((candidate) => candidate.channel === 'essalud' && candidate.process === 'conventional')!;
    expect(row(after).amount).toBe(addMoney(row(original).amount!, difference));
    expect(await summaryOf(compra2012.id)).toEqual(original);

    const comparison = (await logistics.get(`/api/programmes/compare?base=${compra2012.id}&other=${copy.id}`).expect(200)).body as ProgrammeComparison;
    expect(comparison.counts).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(comparison.changed).toEqual([{ before: expect.objectContaining({ item: line.item, amount: line.amount }), after: edited }]);
    expect(comparison.totals.difference).toEqual({ items: 0, amount: difference });
    const essalud = comparison.summary.find((candidate) => candidate.channel === 'essalud' && candidate.segment === null && candidate.process === null)!;
    expect(essalud.difference.amount).toBe(difference);
  });

  it('when anyone writes to Compra 2012, even an administrator reopening it, then 409 names its status and it stays as the report has it', async () => {
    const before = await summaryOf(compra2012.id);
    const { lines } = (await logistics.get(`/api/programmes/${compra2012.id}/lines?pageSize=1`).expect(200)).body as LinesPage;
    const line = lines[0]!;
    const writes = [
      admin.patch(`/api/programmes/${compra2012.id}`).send({ version: compra2012.version, status: 'draft' }),
      admin.patch(`/api/programmes/${compra2012.id}`).send({ version: compra2012.version, status: 'approved' }),
      logistics.patch(`/api/programmes/${compra2012.id}`).send({ version: compra2012.version, name: 'Compra 2012 bis' }),
      logistics.delete(`/api/programmes/${compra2012.id}`),
      logistics.patch(`/api/programmes/${compra2012.id}/lines/${line.id}`).send({ version: line.version, quantity: '1' }),
      logistics.post(`/api/programmes/${compra2012.id}/lines/bulk`).send({ lineIds: [line.id], delete: true }),
    ];
    for (const response of await Promise.all(writes)) {
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ type: '/problems/programme-not-editable', errors: [{ field: 'status' }] });
    }
    expect((await logistics.get(`/api/programmes/${compra2012.id}`).expect(200)).body).toEqual(compra2012);
    expect(await summaryOf(compra2012.id)).toEqual(before);
  });

  it('when the database is asked directly to change Compra 2012 or its lines, then it refuses too', async () => {
    const { sql } = await import('kysely');
    await expect(sql`update programmes set status = 'draft' where id = ${compra2012.id}`.execute(testApp.db)).rejects.toMatchObject({ code: '55000' });
    await expect(sql`update purchase_lines set quantity = quantity where programme_id = ${compra2012.id}`.execute(testApp.db)).rejects.toMatchObject({ code: '55000' });
  });
});
