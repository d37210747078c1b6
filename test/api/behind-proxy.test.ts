// Several app servers behind a load balancer that ends TLS: with TRUST_PROXY the app sees the
// browser's protocol, host and address; without it, X-Forwarded-* headers count for nothing.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/auth.ts';
import { trustProxyFromEnv } from '../../server/app.ts';
import { createTestUsers, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp | undefined;
afterEach(() => testApp?.close());

const forwarded = {
  Host: '10.0.0.5:3000',
  'X-Forwarded-Proto': 'https',
  'X-Forwarded-Host': 'abastece.essalud.gob.pe',
  'X-Forwarded-For': '203.0.113.7',
  Origin: 'https://abastece.essalud.gob.pe',
};

async function signInThroughProxy(app: TestApp) {
  const { admin } = await createTestUsers(app);
  const response = await request(app.app).post('/api/session').set(forwarded).send(admin);
  // The browser returns a Secure cookie over https; supertest speaks http, so it is sent by hand.
  const cookie = response.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
  return { response, cookie };
}

describe('behind a proxy', () => {
  it('when TRUST_PROXY trusts the load balancer, then the session cookie is Secure, a write from the public origin is accepted and the audit trail keeps the browser address', async () => {
    testApp = await startTestApp({ trustProxy: 1 });
    const { response, cookie } = await signInThroughProxy(testApp);

    expect(response.status).toBe(200);
    expect(response.headers['set-cookie']?.[0]).toMatch(/;\s*Secure/i);
    const created = await request(testApp.app)
      .post('/api/items')
      .set({ ...forwarded, Cookie: cookie })
      .send({
        code: 'PROXY-1',
        dci: 'Ítem tras el balanceador',
        strength: '1 mg',
        dosageForm: 'tableta',
        supplyList: 'local',
        therapeuticGroup: 'Varios',
        ven: 'essential',
        oncology: false,
      });
    expect(created.status).toBe(201);
    const audit = await request(testApp.app)
      .get(`/api/audit?entity=item&entityId=${created.body.id}`)
      .set({ ...forwarded, Cookie: cookie })
      .expect(200);
    expect((audit.body as AuditPage).entries[0]?.clientAddress).toBe('203.0.113.7');
  });

  it('when no proxy is trusted, then forwarded headers are ignored: the write from that origin is refused as cross-site and the address is the socket one', async () => {
    testApp = await startTestApp();
    const { response } = await signInThroughProxy(testApp);

    expect(response.status).toBe(403);
    expect(response.body.type).toBe('/problems/cross-site');

    const { admin } = await createTestUsers(testApp);
    const agent = request.agent(testApp.app);
    const direct = await agent.post('/api/session').set({ 'X-Forwarded-For': '203.0.113.7' }).send(admin).expect(200);
    expect(direct.headers['set-cookie']?.[0]).not.toMatch(/;\s*Secure/i);
    const audit = (await agent.get('/api/audit?entity=session&action=sign_in').expect(200)).body as AuditPage;
    expect(audit.entries[0]?.clientAddress).not.toBe('203.0.113.7');
  });

  it('when TRUST_PROXY is read from the environment, then digits are a hop count and anything else a list of addresses', () => {
    expect(trustProxyFromEnv(undefined)).toBeUndefined();
    expect(trustProxyFromEnv(' ')).toBeUndefined();
    expect(trustProxyFromEnv('2')).toBe(2);
    expect(trustProxyFromEnv('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });
});
