// GET /api/budgets/years: which fiscal years have a budget, newest first, and the source documents
// each year's figures come from, so the Presupuesto page names neither a year nor a source itself.
import type TestAgent from 'supertest/lib/agent.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetYear } from '../../shared/api.ts';
import { createTestBudget, createTestSource } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let viewer: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  viewer = await signedIn(testApp, 'viewer');
});
afterAll(() => testApp.close());

const years = async (agent = viewer) => (await agent.get('/api/budgets/years').expect(200)).body as BudgetYear[];

describe('GET /api/budgets/years', () => {
  it('when no year has a budget, then the list is empty', async () => {
    expect(await years()).toEqual([]);
  });

  it('when two years are budgeted, one from a report and one without a source, then the newest comes first, each with its sources, notes included', async () => {
    const report = await createTestSource(testApp.db, { title: 'Informe de gestión de prueba', notes: 'Fuente: Sistema SAP R/3 al 19.09.2011' });
    await createTestBudget(testApp.db, { fiscalYear: 2011, category: 'medicines', amount: '500.00', sourceDocumentId: report.id });
    await createTestBudget(testApp.db, { fiscalYear: 2011, category: 'medical_supplies', amount: '20.00', sourceDocumentId: report.id });
    await createTestBudget(testApp.db, { fiscalYear: 2013, category: 'medicines', amount: '1000.00' });

    expect(await years()).toEqual([
      { fiscalYear: 2013, sources: [] },
      {
        fiscalYear: 2011,
        sources: [{ id: report.id, title: 'Informe de gestión de prueba', reference: report.reference, notes: 'Fuente: Sistema SAP R/3 al 19.09.2011' }],
      },
    ]);
    expect((await viewer.get('/api/budgets?fiscalYear=2013').expect(200)).body).toEqual([{ fiscalYear: 2013, category: 'medicines', amount: '1000.00', version: 1 }]);
  });

  it('when asked without a session, then the answer is 401 problem+json', async () => {
    const response = await request(testApp.app).get('/api/budgets/years').expect(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
