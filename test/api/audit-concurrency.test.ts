// The audit chain under load: several app servers, each with a pool of its own, writing at once on
// one database, as a deployment behind a load balancer does. On PGlite the same burst runs on its
// one connection.
import { once } from 'node:events';
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDto, ItemsPage } from '../../shared/api.ts';
import type { AuditVerification } from '../../shared/auth.ts';
import { createTestUsers, startAnotherApp, startTestApp, type Credentials, type TestApp } from '../support/test-app.ts';

const SERVERS = 3;
const ITEM_CREATES = 300;
const ITEM_UPDATES = 60;
const SIGN_INS = 40;
const FAILED_SIGN_INS = 20;

let testApp: TestApp;
const servers: Server[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  // Each sign-in comes from an address of its own (X-Forwarded-For), so the throttle stays out of it.
  testApp = await startTestApp({ trustProxy: 'loopback' });
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

const newItem = (i: number) => ({
  code: `CONC-${String(i).padStart(4, '0')}`,
  dci: `Principio activo ${i}`,
  strength: '500 mg',
  dosageForm: 'tableta',
  supplyList: 'local',
  therapeuticGroup: 'Analgésicos',
  ven: 'essential',
  oncology: false,
});

describe('the audit chain under concurrent writes', () => {
  it('when several app servers write hundreds of audited changes at once, then verify is ok and counts every row', { timeout: 180_000 }, async () => {
    const users = await createTestUsers(testApp);
    const pharmacy = await cookieOf(users.pharmacy);
    const admin = await cookieOf(users.admin);
    const toUpdate = ((await request(testApp.app).get(`/api/items?pageSize=${ITEM_UPDATES}`).set('Cookie', admin).expect(200)).body as ItemsPage)
      .items as ItemDto[];
    const before = (await request(testApp.app).get('/api/audit/verify').set('Cookie', admin).expect(200)).body as AuditVerification;
    expect(before.ok).toBe(true);

    // Interleaved, and spread over the servers round-robin.
    const writes: { status: number; send: (server: Server) => request.Test }[] = [];
    for (let i = 0; i < ITEM_CREATES; i++) {
      writes.push({ status: 201, send: (s) => request(s).post('/api/items').set('Cookie', pharmacy).send(newItem(i)) });
      if (i < ITEM_UPDATES) {
        const item = toUpdate[i]!;
        writes.push({
          status: 200,
          send: (s) => request(s).patch(`/api/items/${item.id}`).set('Cookie', pharmacy).send({ version: item.version, therapeuticGroup: `Grupo ${i}` }),
        });
      }
      if (i < SIGN_INS) {
        const credentials = Object.values(users)[i % Object.keys(users).length]!;
        writes.push({
          status: 200,
          send: (s) => request(s).post('/api/session').set('X-Forwarded-For', `10.1.0.${i}`).send(credentials),
        });
      }
      if (i < FAILED_SIGN_INS) {
        writes.push({
          status: 401,
          send: (s) => request(s).post('/api/session').set('X-Forwarded-For', `10.2.0.${i}`).send({ username: `nadie-${i}`, password: 'equivocada' }),
        });
      }
    }
    const responses = await Promise.all(writes.map((write, i) => write.send(servers[i % SERVERS]!)));
    expect(responses.map((response) => response.status)).toEqual(writes.map((write) => write.status));

    const after = (await request(testApp.app).get('/api/audit/verify').set('Cookie', admin).expect(200)).body as AuditVerification;
    expect(after).toMatchObject({ ok: true, rows: before.rows + writes.length });
  });
});
