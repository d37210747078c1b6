import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let api: TestAgent;
beforeAll(async () => {
  testApp = await startTestApp();
  api = await signedIn(testApp, 'viewer');
});
afterAll(() => testApp.close());

describe('GET /api/health', () => {
  it('when the database answers, then status ok names the database kind', async () => {
    const { body } = await api.get('/api/health').expect(200);
    expect(body).toEqual({ status: 'ok', database: inject('databaseKind') });
  });

  it('when programmes are listed, then Compra 2012 is there with its fiscal year, marked as demo data', async () => {
    const { body } = await api.get('/api/programmes').expect(200);
    expect(body).toEqual([{ id: expect.any(Number), name: 'Compra 2012', fiscalYear: 2012, demo: true }]);
  });
});
