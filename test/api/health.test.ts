import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestProgramme } from '../support/factories.ts';
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

  it('when programmes are listed, then each comes with its fiscal year and version, newest year first, and none created by the app is demo data', async () => {
    const { programme: older } = await createTestProgramme(testApp.db, { name: 'Compra 2025', fiscalYear: 2025, lines: [] });
    const { programme: newer } = await createTestProgramme(testApp.db, { name: 'Compra 2026', fiscalYear: 2026, lines: [] });
    const { body } = await api.get('/api/programmes').expect(200);
    expect(body).toEqual([
      { id: newer.id, name: 'Compra 2026', fiscalYear: 2026, demo: false, status: 'draft', version: 1, source: null },
      { id: older.id, name: 'Compra 2025', fiscalYear: 2025, demo: false, status: 'draft', version: 1, source: null },
    ]);
  });
});
