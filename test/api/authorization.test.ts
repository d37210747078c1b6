// Every registered route, for every role and for no session at all, against the one policy.
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../shared/auth.ts';
import { apiRoutes } from '../../server/app.ts';
import { allows, policy, type RouteKey } from '../../server/features/auth/policy.ts';
import { routeKey } from '../../server/platform/http/routes.ts';
import { assignTestLines, createTestProcess, createTestProgramme } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
const agents = {} as Record<Role, TestAgent>;

beforeAll(async () => {
  testApp = await startTestApp();
  // Item 1, programme 1 and process 1 with line 1, so that a route a role may use answers with data.
  const { programme, lines } = await createTestProgramme(testApp.db);
  await assignTestLines(testApp.db, await createTestProcess(testApp.db, programme, { channel: 'minsa_corporate', segment: 'medicines' }), [lines[0]!]);
  for (const role of roles) agents[role] = await signedIn(testApp, role);
});
afterAll(() => testApp.close());

const routes = () => apiRoutes({ db: testApp.db, databaseKind: testApp.kind });
const concretePath = (path: string) => path.replace(':id', '1').replace(':processId', '1').replace(':lineId', '1');

describe('the authorisation policy', () => {
  it('when the app registers its routes, then each has exactly one policy entry and each entry a route', () => {
    const registered = routes().map(routeKey).sort();
    expect(new Set(registered).size).toBe(registered.length);
    expect(registered).toEqual(Object.keys(policy).sort());
  });

  it('when a request without a session reaches any route, then only public routes answer, the rest say 401', async () => {
    for (const route of routes()) {
      const access = policy[routeKey(route) as RouteKey];
      if (route.method === 'post' && route.path === '/api/session') continue; // signing in is what it does
      const response = await request(testApp.app)[route.method](concretePath(route.path)).send({});
      if (access === 'public') expect(response.status, routeKey(route)).not.toBe(401);
      else expect(response.status, routeKey(route)).toBe(401);
    }
  });

  it('when each role reaches every route, then the policy decides between 403 and an answer', async () => {
    for (const role of roles) {
      for (const route of routes()) {
        const key = routeKey(route);
        if (key === 'DELETE /api/session') continue; // would end the agent's session mid-matrix
        const response = await agents[role][route.method](concretePath(route.path)).send({});
        if (allows(policy[key as RouteKey], [role])) {
          expect([401, 403], `${role} ${key} → ${response.status}`).not.toContain(response.status);
        } else {
          expect(response.status, `${role} ${key}`).toBe(403);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
      }
    }
  });
});
