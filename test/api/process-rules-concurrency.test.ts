// Administrators on two app servers setting one fiscal year's process rules at once: one creation
// and one replacement win, the others get 409 with the rules as they are, and nothing is mixed (the
// thresholds stored are the winner's). On PostgreSQL the requests really run in parallel.
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/auth.ts';
import type { ProcessRulesDto } from '../../shared/procurement-api.ts';
import { createTestUsers, signedIn, startAnotherApp, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let another: ReturnType<typeof startAnotherApp>;
let admins: TestAgent[];

beforeAll(async () => {
  testApp = await startTestApp();
  another = startAnotherApp(testApp);
  const { admin } = await createTestUsers(testApp);
  const onAnother = request.agent(another.app);
  await onAnother.post('/api/session').send(admin).expect(200);
  admins = [await signedIn(testApp, 'admin'), onAnother];
});
afterAll(async () => {
  await another.close();
  await testApp.close();
});

const rules = (n: number, version?: number) => ({
  ...(version === undefined ? {} : { version }),
  commonGoodsByReverseAuction: n % 2 === 0,
  thresholds: [
    { type: 'reverse_auction', minValue: `${n}.00`, maxValue: null },
    { type: 'conventional', minValue: null, maxValue: `${1000 + n}.00` },
  ],
});

describe('concurrent process rules', () => {
  it('when administrators create and then replace one year’s rules at once, then one of each wins, the others get 409 with the winner’s rules, and only the winner’s are stored and audited', async () => {
    const creations = await Promise.all(Array.from({ length: 6 }, (_, n) => admins[n % 2]!.put('/api/process-rules/2050').send(rules(n))));
    expect(creations.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const created = creations.find((response) => response.status === 201)!.body as ProcessRulesDto;
    for (const response of creations.filter((candidate) => candidate.status === 409)) {
      expect(response.body).toMatchObject({ type: '/problems/stale-version', current: created });
    }

    const replacements = await Promise.all(Array.from({ length: 10 }, (_, n) => admins[n % 2]!.put('/api/process-rules/2050').send(rules(100 + n, created.version!))));
    expect(replacements.map((response) => response.status).filter((status) => status === 200)).toHaveLength(1);
    expect(replacements.map((response) => response.status).filter((status) => status === 409)).toHaveLength(9);
    const replaced = replacements.find((response) => response.status === 200)!.body as ProcessRulesDto;
    expect(replaced.version).toBe(2);
    for (const response of replacements.filter((candidate) => candidate.status === 409)) expect(response.body.current).toEqual(replaced);

    expect((await admins[1]!.get('/api/process-rules/2050').expect(200)).body).toEqual(replaced);
    const audit = (await admins[0]!.get('/api/audit?entity=process_rules&entityId=2050').expect(200)).body as AuditPage;
    expect(audit.entries.map((entry) => [entry.action, entry.after])).toEqual([
      ['update', replaced],
      ['create', created],
    ]);
  });
});
