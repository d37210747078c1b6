// Messages name what people read (the Spanish labels), not the codes the database keeps; the
// audit filter takes an entity by its code or by its label.
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemDetails } from '../../shared/api.ts';
import type { AuditPage } from '../../shared/auth.ts';
import { createTestProgramme } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let admin: TestAgent;
beforeAll(async () => {
  testApp = await startTestApp();
  admin = await signedIn(testApp, 'admin');
  // One row per entity at least: a sign-in (session), a user, an item, a programme and its lines.
  await createTestProgramme(testApp.db);
  await admin.post('/api/users').send({ username: 'ana.rojas', fullName: 'Ana Rojas', roles: ['viewer'], password: 'una-clave-larga-ana' }).expect(201);
  await admin
    .post('/api/items')
    .send({ code: 'ES-001', dci: 'Ácido fólico', strength: '5 mg', dosageForm: 'Tableta', supplyList: 'local', therapeuticGroup: 'Sangre', ven: 'essential', oncology: false })
    .expect(201);
});
afterAll(() => testApp.close());

const messageOf = (problem: ProblemDetails, field: string) => problem.errors?.find((error) => error.field === field)?.message;

describe('Spanish messages and labels', () => {
  it('when an item names an unknown supply list and VEN class, then the messages list the Spanish labels, not the codes', async () => {
    const response = await admin
      .post('/api/items')
      .send({ code: 'ES-002', dci: 'X', strength: '1 mg', dosageForm: 'Tableta', supplyList: 'regional', therapeuticGroup: 'Varios', ven: 'util', oncology: false })
      .expect(400);
    expect(messageOf(response.body, 'supplyList')).toBe('Elija «Suministro centralizado» o «Suministro local»');
    expect(messageOf(response.body, 'ven')).toBe('Elija «Vital», «Esencial» o «No esencial»');
  });

  it('when a user is given an unknown role, then the message lists the roles by their labels', async () => {
    const response = await admin.post('/api/users').send({ username: 'luis.paz', fullName: 'Luis Paz', roles: ['root'], password: 'una-clave-larga-luis' }).expect(400);
    const message = messageOf(response.body, 'roles.0');
    expect(message).toContain('«Administración»');
    expect(message).toContain('«Consulta (solo lectura)»');
    expect(message).not.toMatch(/viewer|logistics/);
  });

  it.each([
    ['Ítem', 'item'],
    ['ÍTEM', 'item'],
    [' ítem ', 'item'],
    ['Sesión', 'session'],
    ['sesion', 'session'],
    ['usuario', 'user'],
    ['Programa', 'programme'],
    ['línea de compra', 'purchase_line'],
  ])('when the audit trail is filtered by entity %j, then only %s rows come back', async (entity, code) => {
    const page = (await admin.get('/api/audit').query({ entity, pageSize: 1000 }).expect(200)).body as AuditPage;
    expect(page.total).toBeGreaterThan(0);
    expect(new Set(page.entries.map((entry) => entry.entity))).toEqual(new Set([code]));
  });

  it('when the audit export is filtered by a Spanish label, then it holds the same rows as by the code', async () => {
    const byCode = (await admin.get('/api/audit/export?entity=user').buffer(true).expect(200)).text;
    const byLabel = (await admin.get(`/api/audit/export?entity=${encodeURIComponent('Usuario')}`).buffer(true).expect(200)).text;
    expect(byLabel).toBe(byCode);
  });

  it('when the audit trail is filtered by an unknown entity (a seller, a plural, nothing, a long text), then 400 in Spanish names entity', async () => {
    for (const entity of ['vendedor', 'items', '', 'x'.repeat(500)]) {
      const response = await admin.get('/api/audit').query({ entity }).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(messageOf(response.body, 'entity')).toBe(
        'Entidad desconocida. Elija «Usuario», «Sesión», «Ítem», «Programa», «Línea de compra», «Documento fuente», «Cifra declarada», «Presupuesto», «Proceso de selección», «Línea en proceso», «Proveedor», «Reglas de procesos», «Consumo mensual», «Existencias», «Parámetros de abastecimiento», «Lote de ejecución SAP», «Línea ejecutada», «Tolerancia de conciliación» o «Conformidad de conciliación»',
      );
    }
  });
});
