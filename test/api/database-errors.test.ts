// What the database refuses reaches the client through the one error handler as problem+json
// naming the field: real errors from the run's driver (PGlite or pg), raised by real statements.
import express from 'express';
import { sql, type RawBuilder } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../server/platform/http/error-handler.ts';
import type { PurchaseLineDto } from '../../shared/api.ts';
import { assignTestLines, createTestBudget, createTestProcess, createTestProgramme } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let app: express.Express;

let bought: PurchaseLineDto;
/** Process ids: the one `bought` is in, and another of the same kind. */
let holder: number;
let other: number;

/** Statements that break one rule each, run in a transaction as a use case would. */
const failing: Record<string, () => RawBuilder<unknown>> = {
  check: () => sql`insert into items (code, dci, strength, dosage_form, supply_list, therapeutic_group, ven)
    values ('CHK-1', 'x', 'x', 'x', 'regional', 'x', 'vital')`,
  namedCheck: () => sql`insert into items (code, dci, strength, dosage_form, supply_list, therapeutic_group, ven)
    values ('   ', 'x', 'x', 'x', 'local', 'x', 'vital')`,
  notNull: () => sql`insert into items (code, strength, dosage_form, supply_list, therapeutic_group, ven)
    values ('NN-1', 'x', 'x', 'local', 'x', 'vital')`,
  foreignKey: () => sql`delete from items where id = ${bought.item.id}`,
  lineAmount: () => sql`update purchase_lines set amount = amount + 0.01 where id = ${bought.id}`,
  programmeName: () => sql`insert into programmes (name, fiscal_year) select name, fiscal_year from programmes limit 1`,
  unmappedUnique: () => sql`insert into budgets (fiscal_year, category, amount) select fiscal_year, category, amount from budgets limit 1`,
  processCode: () => sql`insert into procurement_processes (programme_id, code, title, channel, segment, type)
    select programme_id, lower(code), title, channel, segment, type from procurement_processes where id = ${holder}`,
  liveProcessTwice: () => sql`insert into process_lines (process_id, purchase_line_id) values (${other}, ${bought.id})`,
  kindInProcess: () => sql`update purchase_lines set process = 'conventional' where id = ${bought.id}`,
  lineInProcessDeleted: () => sql`delete from purchase_lines where id = ${bought.id}`,
  invalidRuc: () => sql`insert into suppliers (ruc, name) values ('20131257751', 'Proveedor')`,
  serialization: () => sql`do $$ begin raise exception 'could not serialize access' using errcode = 'serialization_failure'; end $$`,
  deadlock: () => sql`do $$ begin raise exception 'deadlock detected' using errcode = 'deadlock_detected'; end $$`,
};

beforeAll(async () => {
  testApp = await startTestApp();
  const { programme, lines } = await createTestProgramme(testApp.db);
  bought = lines[0]!;
  const kind = { channel: 'minsa_corporate', segment: 'medicines', type: 'reverse_auction' } as const;
  holder = (await assignTestLines(testApp.db, await createTestProcess(testApp.db, programme, { ...kind, code: 'LP SIP 018-2011-DARES/MINSA' }), [bought])).id;
  other = (await createTestProcess(testApp.db, programme, kind)).id;
  await createTestBudget(testApp.db);
  app = express();
  app.use(express.json());
  app.post('/falla/:rule', async (req, res) => {
    await testApp.db.transaction().execute((trx) => failing[req.params.rule]!().execute(trx));
    res.status(204).end();
  });
  app.use(errorHandler);
});
afterAll(() => testApp.close());

const post = (rule: string, body: object = {}) => request(app).post(`/falla/${rule}`).send(body);

describe('database errors through the error handler', () => {
  it('when a check constraint is violated, then 422 problem+json names the field', async () => {
    const response = await post('check').expect(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 422, type: '/problems/invalid-value', errors: [{ field: 'supplyList', in: 'body' }] });
    expect((await post('namedCheck').expect(422)).body.errors).toEqual([
      { field: 'code', in: 'body', message: 'El código no puede estar en blanco.' },
    ]);
  });

  it('when a NOT NULL column is left empty, then 422 names it as the API does', async () => {
    expect((await post('notNull').expect(422)).body.errors).toEqual([{ field: 'dci', in: 'body', message: 'Obligatorio' }]);
  });

  it('when a row others refer to is deleted (a foreign key on delete restrict), then 409 names the id', async () => {
    const response = await post('foreignKey').expect(409);
    expect(response.body.errors).toEqual([{ field: 'id', in: 'path', message: expect.stringMatching(/desactívelo/) }]);
  });

  it("when a line's amount is not its quantity × unit price, then 422 names amount in Spanish", async () => {
    expect((await post('lineAmount').expect(422)).body.errors).toEqual([
      { field: 'amount', in: 'body', message: 'El monto debe ser la cantidad por el precio unitario, redondeado al céntimo.' },
    ]);
  });

  it('when a programme name is taken, then 409 names name with the name sent', async () => {
    expect((await post('programmeName', { name: 'Compra 2026' }).expect(409)).body.errors).toEqual([
      { field: 'name', in: 'body', message: 'Ya existe un programa llamado «Compra 2026».' },
    ]);
  });

  it('when a unique constraint without a known field is violated, then still 409, not 500', async () => {
    const response = await post('unmappedUnique').expect(409);
    expect(response.body).toMatchObject({ type: '/problems/conflict', detail: 'Ya existe un registro con esos datos.' });
  });

  it('when a process code is taken in its programme, or a RUC fails its check digit, then 409 or 422 names code or ruc', async () => {
    expect((await post('processCode', { code: 'lp sip 018-2011-dares/minsa' }).expect(409)).body.errors).toEqual([
      { field: 'code', in: 'body', message: 'El programa ya tiene un proceso con el código «lp sip 018-2011-dares/minsa».' },
    ]);
    expect((await post('invalidRuc').expect(422)).body.errors).toEqual([{ field: 'ruc', in: 'body', message: expect.stringMatching(/dígito verificador/) }]);
  });

  it('when a line in a live process joins another, is moved to another process type, or is deleted, then 409 names lineIds (with the line), the process, or the line', async () => {
    expect((await post('liveProcessTwice').expect(409)).body.errors).toEqual([
      { field: 'lineIds', in: 'body', message: `La línea ${bought.id} ya está en otro proceso: nada se asignó.` },
    ]);
    const moved = (await post('kindInProcess').expect(409)).body;
    expect(moved).toMatchObject({ type: '/problems/conflict', errors: [{ field: 'process', in: 'body' }] });
    expect(moved.detail).toBe(
      `La línea ${bought.id} está en el proceso «LP SIP 018-2011-DARES/MINSA»: su modalidad, segmento y tipo de proceso no cambian mientras esté en él. Retírela del proceso primero.`,
    );
    // Checked when the transaction commits (deferred: a programme's cascades run first).
    expect((await post('lineInProcessDeleted').expect(409)).body.errors).toEqual([
      { field: 'lineId', in: 'path', message: 'La línea está en un proceso de selección: retírela del proceso antes de eliminarla.' },
    ]);
  });

  it('when a transaction fails to serialise or deadlocks, then 409 asks to try again, with Retry-After', async () => {
    for (const rule of ['serialization', 'deadlock']) {
      const response = await post(rule).expect(409);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.body).toMatchObject({ type: '/problems/try-again', detail: expect.stringMatching(/Intente de nuevo/) });
    }
  });
});
