// A client mistake gets a problem+json naming the field, never a 500 and never an HTML page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemDetails } from '../../shared/api.ts';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestItems, createTestProgramme } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let api: TestAgent;
beforeAll(async () => {
  testApp = await startTestApp();
  api = await signedIn(testApp, 'viewer');
  // Programme 1, whose routes must refuse a bad query before looking it up, and two pages of local items.
  await createTestProgramme(testApp.db);
  await createTestItems(testApp.db, Array.from({ length: 20 }, () => ({ supplyList: 'local' as const })));
});
afterAll(() => testApp.close());

async function expectProblem(path: string, status: number, field?: string) {
  const response = await api.get(path);
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.body as ProblemDetails;
  expect(problem.status).toBe(status);
  expect(problem.title).toBeTruthy();
  if (field) expect(problem.errors?.map((error) => error.field)).toContain(field);
  return problem;
}

describe('bad input', () => {
  it.each([
    ['/api/items?supplyList=regional', 'supplyList'],
    ['/api/items?page=0', 'page'],
    ['/api/items?page=abc', 'page'],
    ['/api/items?pageSize=100000', 'pageSize'],
    ['/api/items?pageSize=-1', 'pageSize'],
    ['/api/items?sort=price', 'sort'],
    ['/api/items?order=up', 'order'],
    ['/api/items?colour=red', 'colour'],
    ['/api/items?page=1&page=2', 'page'],
    ['/api/programmes/abc/summary', 'id'],
    ['/api/programmes/1.5/lines', 'id'],
    ['/api/programmes/99999999999/coverage', 'id'],
    ['/api/programmes/1/lines?channel=gobierno', 'channel'],
    ['/api/programmes/1/lines?process=directa', 'process'],
    ['/api/programmes/1/lines?pageSize=1001', 'pageSize'],
    ['/api/budgets', 'fiscalYear'],
    ['/api/budgets?fiscalYear=dosmil', 'fiscalYear'],
  ])('when GET %s, then 400 names the field %s', async (path, field) => {
    const problem = await expectProblem(path, 400, field);
    expect(problem.detail).toContain(field);
  });

  it('when a programme does not exist, then 404 names the id', async () => {
    for (const part of ['summary', 'coverage', 'lines']) {
      await expectProblem(`/api/programmes/424242/${part}`, 404, 'id');
    }
  });

  it('when an API route does not exist, then 404 problem, not HTML', async () => {
    expect((await expectProblem('/api/nothing-here?x=1', 404)).detail).toBe('No existe la ruta GET /api/nothing-here.');
    await expectProblem('/api/items/1/whatever', 404);
  });

  it('when a body is malformed JSON, then 400 problem', async () => {
    const response = await api
      .post('/api/items')
      .set('content-type', 'application/json')
      .send('{"code": ');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when the query is valid, then the error handler stays out of the way', async () => {
    const response = await api.get('/api/items?supplyList=local&page=2&pageSize=10&sort=ven&order=desc');
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(10);
  });
});
