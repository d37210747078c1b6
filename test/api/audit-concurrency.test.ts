// The audit chain under load: several app servers, each with a pool of its own, writing at once on
// one database, as a deployment behind a load balancer does. On PGlite the same burst runs on its
// one connection.
import { once } from 'node:events';
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemsPage } from '../../shared/api.ts';
import type { AuditVerification } from '../../shared/auth.ts';
import { fireAuditedBurst, type BurstSize } from '../support/audited-burst.ts';
import { createTestItems } from '../support/factories.ts';
import { createTestUsers, startAnotherApp, startTestApp, type Credentials, type TestApp } from '../support/test-app.ts';

const SERVERS = 3;
const SIZE: BurstSize = { itemCreates: 300, itemUpdates: 60, signIns: 40, failedSignIns: 20 };

let testApp: TestApp;
const servers: Server[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  testApp = await startTestApp({ trustProxy: 'loopback' });
  await createTestItems(testApp.db, SIZE.itemUpdates);
  for (let i = 0; i < SERVERS; i++) {
    const another = startAnotherApp(testApp, { poolSize: 10, trustProxy: 'loopback' });
    const server = another.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
    closers.push(another.close);
  }
});
afterAll(async () => {
  for (const server of servers) server.close();
  for (const close of closers) await close();
  await testApp.close();
});

async function cookieOf(credentials: Credentials): Promise<string> {
  const response = await request(testApp.app).post('/api/session').send(credentials).expect(200);
  return (response.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
}

describe('the audit chain under concurrent writes', () => {
  it('when several app servers write hundreds of audited changes at once, then verify is ok and counts every row', { timeout: 180_000 }, async () => {
    const users = await createTestUsers(testApp);
    const admin = await cookieOf(users.admin);
    const editorCookie = await cookieOf(users.pharmacy);
    const page = (await request(testApp.app).get(`/api/items?pageSize=${SIZE.itemUpdates}`).set('Cookie', admin).expect(200)).body as ItemsPage;
    const before = (await request(testApp.app).get('/api/audit/verify').set('Cookie', admin).expect(200)).body as AuditVerification;
    expect(before.ok).toBe(true);

    const burst = await fireAuditedBurst(servers, SIZE, { editorCookie, itemsToUpdate: page.items, users: Object.values(users) });
    expect(burst.statuses).toEqual(burst.expected);

    const after = (await request(testApp.app).get('/api/audit/verify').set('Cookie', admin).expect(200)).body as AuditVerification;
    expect(after).toMatchObject({ ok: true, rows: before.rows + burst.expected.length });
  });
});
