// The real app on a fresh database of its own, for API tests through supertest: empty and migrated
// (tests arrange their data with factories.ts), or with the demo data for the tests about the demo.
import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { roles, type Role } from '../../shared/auth.ts';
import { createApp } from '../../server/app.ts';
import { createUser } from '../../server/features/users/users.service.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestApp extends TestDatabase {
  app: Express;
  /** The app's clock: tests move it forward to expire sessions and lockouts. */
  clock: TestClock;
  close(): Promise<void>;
}

export interface TestClock {
  (): Date;
  advance(ms: number): void;
}

export interface Credentials {
  username: string;
  password: string;
}

export async function startTestApp(
  options: { clientDir?: string; trustProxy?: number | string; demo?: boolean; importWaitMs?: number } = {},
): Promise<TestApp> {
  const handle = await createTestDatabase({ demo: options.demo });
  let offset = 0;
  const clock = Object.assign(() => new Date(Date.now() + offset), { advance: (ms: number) => void (offset += ms) });
  const app = createApp({
    db: handle.db,
    databaseKind: handle.kind,
    clientDir: options.clientDir,
    trustProxy: options.trustProxy,
    clock,
    importWaitMs: options.importWaitMs,
  });
  return { ...handle, app, clock, close: () => handle.db.destroy() };
}

const usersOf = new WeakMap<TestApp, Promise<Record<Role, Credentials>>>();

/** One user per role, written straight to the database (once per test app). */
export function createTestUsers(testApp: TestApp): Promise<Record<Role, Credentials>> {
  let users = usersOf.get(testApp);
  if (!users) {
    users = (async () => {
      const entries: [Role, Credentials][] = [];
      for (const role of roles) {
        const credentials = { username: `prueba-${role}`, password: `clave-de-prueba-${role}` };
        await createUser(testApp.db, null, new Date(), { ...credentials, fullName: `Prueba ${role}`, roles: [role] });
        entries.push([role, credentials]);
      }
      return Object.fromEntries(entries) as Record<Role, Credentials>;
    })();
    usersOf.set(testApp, users);
  }
  return users;
}

/** A supertest agent carrying the session cookie of the given role's test user. */
export async function signedIn(testApp: TestApp, role: Role): Promise<TestAgent> {
  const credentials = (await createTestUsers(testApp))[role];
  const agent = request.agent(testApp.app);
  await agent.post('/api/session').send(credentials).expect(200);
  return agent;
}

/**
 * One more app server on the test app's database, with a pool of its own, as a second process
 * would have (on PGlite, the same one connection), and the same clock.
 */
export function startAnotherApp(testApp: TestApp, options: { poolSize?: number; trustProxy?: number | string } = {}) {
  const handle = testApp.openAgain(options.poolSize ?? 10);
  const app = createApp({ db: handle.db, databaseKind: handle.kind, clock: testApp.clock, trustProxy: options.trustProxy });
  return { app, close: handle.close };
}
