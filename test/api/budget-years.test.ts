// GET /api/budgets/years: which fiscal years have a budget, newest first, and the source documents
// each year's figures come from, so the Presupuesto page names neither a year nor a source itself.
import type TestAgent from 'supertest/lib/agent.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetYear } from '../../shared/api.ts';
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
  it('when the demo budget is loaded, then 2011 is listed with the report it comes from, notes included', async () => {
    expect(await years()).toEqual([
      {
        fiscalYear: 2011,
        sources: [
          {
            id: expect.any(Number),
            title: 'Informe de gestión EsSalud 2011 y programación de compras 2012',
            reference: expect.any(String),
            notes: expect.stringContaining('Sistema SAP R/3 al 19.09.2011'),
          },
        ],
      },
    ]);
  });

  it('when a later year is budgeted without a source document, then it comes first with no sources, and once every budget is gone the list is empty', async () => {
    // An app of its own: this test changes the budgets the other tests read.
    const own = await startTestApp();
    try {
      const agent = await signedIn(own, 'viewer');
      await own.db
        .insertInto('budgets')
        .values({ fiscal_year: 2013, category: 'medicines', amount: '1000.00', source_document_id: null })
        .execute();
      const listed = await years(agent);
      expect(listed.map((year) => year.fiscalYear)).toEqual([2013, 2011]);
      expect(listed[0]!.sources).toEqual([]);
      expect((await agent.get('/api/budgets?fiscalYear=2013').expect(200)).body).toEqual([{ category: 'medicines', amount: '1000.00' }]);

      await own.db.deleteFrom('budgets').execute();
      expect(await years(agent)).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('when asked without a session, then the answer is 401 problem+json', async () => {
    const response = await request(testApp.app).get('/api/budgets/years').expect(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
