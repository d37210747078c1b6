import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/users/users.service.ts';
import { createTestUsers, signedIn, startTestApp, type Credentials, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let finance: Credentials;

beforeAll(async () => {
  testApp = await startTestApp();
  finance = (await createTestUsers(testApp)).finance;
});
afterAll(() => testApp.close());

const MINUTE = 60_000;
const signIn = (credentials: { username: string; password: string }, headers: Record<string, string> = {}) =>
  request(testApp.app).post('/api/session').set(headers).send(credentials);

async function newUser(username: string, password = 'una-clave-bastante-larga') {
  await createUser(testApp.db, null, new Date(), { username, password, fullName: username, roles: ['viewer'] });
  return { username, password };
}

describe('signing in and out', () => {
  it('when the credentials are right, then a strict HttpOnly cookie opens a session that names the roles', async () => {
    const response = await signIn(finance).expect(200);
    const cookie = response.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^abastece_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // plain http here; Secure when served over https
    expect(response.body.user).toMatchObject({ username: finance.username, roles: ['finance'] });

    const session = await request(testApp.app).get('/api/session').set('Cookie', cookie.split(';')[0]!).expect(200);
    expect(session.body.user.roles).toEqual(['finance']);
    expect(Date.parse(session.body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('when the password is wrong or the user unknown, then the same 401 answer names no culprit', async () => {
    const wrong = await signIn({ username: finance.username, password: 'no-es-esta' }).expect(401);
    const unknown = await signIn({ username: 'nadie', password: 'no-es-esta' }).expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when the body is not valid, then 400 names the field', async () => {
    const response = await signIn({ username: finance.username } as Credentials).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('password');
  });

  it('when a user signs out, then the cookie no longer opens anything', async () => {
    const agent = await signedIn(testApp, 'viewer');
    await agent.get('/api/items?pageSize=1').expect(200);
    await agent.delete('/api/session').expect(204);
    await agent.get('/api/items?pageSize=1').expect(401);
  });

  it('when there is no session, then the API says 401 and health still answers', async () => {
    await request(testApp.app).get('/api/items').expect(401);
    await request(testApp.app).get('/api/session').expect(401);
    await request(testApp.app).get('/api/health').expect(200);
  });
});

describe('back-off and lockout', () => {
  it('when a user keeps failing, then sign-in backs off, locks for 15 minutes, and then recovers', async () => {
    const user = await newUser('bloqueo');
    const fail = () => signIn({ ...user, password: 'equivocada' });
    await fail().expect(401);
    await fail().expect(401);
    await fail().expect(401);
    const backedOff = await fail().expect(429);
    expect(Number(backedOff.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(backedOff.headers['retry-after'])).toBeLessThanOrEqual(5);

    testApp.clock.advance(6_000);
    await fail().expect(401);
    testApp.clock.advance(11_000);
    await fail().expect(401);

    const locked = await signIn(user).expect(429); // even the right password waits
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);

    testApp.clock.advance(15 * MINUTE + 1_000);
    await signIn(user).expect(200);
    await fail().expect(401); // success wiped the slate: one failure is not throttled
    await signIn(user).expect(200);
  });

  it('when one address fails for many usernames, then that address is locked', async () => {
    const headers = {}; // all from supertest's 127.0.0.1
    for (let i = 0; i < 20; i++) await signIn({ username: `ataque-${i}`, password: 'x' }, headers).expect(401);
    await signIn(finance).expect(429);
    testApp.clock.advance(15 * MINUTE + 1_000);
    await signIn(finance).expect(200);
  });
});

describe('session expiry', () => {
  it('when a session stays idle for 30 minutes, then it ends', async () => {
    const agent = await signedIn(testApp, 'pharmacy');
    testApp.clock.advance(29 * MINUTE);
    await agent.get('/api/programmes').expect(200);
    testApp.clock.advance(31 * MINUTE);
    await agent.get('/api/programmes').expect(401);
  });

  it('when a session is used steadily, then it still ends 12 hours after sign-in', async () => {
    const agent = await signedIn(testApp, 'logistics');
    for (let elapsed = 0; elapsed < 12 * 60; elapsed += 20) {
      await agent.get('/api/programmes').expect(200);
      testApp.clock.advance(20 * MINUTE);
    }
    await agent.get('/api/programmes').expect(401);
  });
});

describe('changing one’s own password', () => {
  it('when the current password is wrong, then 401 names currentPassword and nothing changes', async () => {
    const user = await newUser('cambio-mal');
    const agent = request.agent(testApp.app);
    await agent.post('/api/session').send(user).expect(200);
    const response = await agent
      .post('/api/session/password')
      .send({ currentPassword: 'otra', newPassword: 'nueva-clave-larga-1' })
      .expect(401);
    expect(response.body.errors[0].field).toBe('currentPassword');
    await signIn(user).expect(200);
  });

  it('when the new password is too short, then 400 names newPassword', async () => {
    const user = await newUser('cambio-corto');
    const agent = request.agent(testApp.app);
    await agent.post('/api/session').send(user).expect(200);
    const response = await agent.post('/api/session/password').send({ currentPassword: user.password, newPassword: 'corta' }).expect(400);
    expect(response.body.errors[0].field).toBe('newPassword');
  });

  it('when it is changed, then the old password fails, the new one works and other sessions end', async () => {
    const user = await newUser('cambio-bien');
    const elsewhere = request.agent(testApp.app);
    await elsewhere.post('/api/session').send(user).expect(200);
    const agent = request.agent(testApp.app);
    await agent.post('/api/session').send(user).expect(200);
    await agent.post('/api/session/password').send({ currentPassword: user.password, newPassword: 'nueva-clave-larga-2' }).expect(204);
    await agent.get('/api/session').expect(200);
    await elsewhere.get('/api/session').expect(401);
    await signIn(user).expect(401);
    await signIn({ ...user, password: 'nueva-clave-larga-2' }).expect(200);
  });
});

describe('hardening', () => {
  it('when a write comes from another site, then it is refused', async () => {
    await signIn(finance, { Origin: 'https://evil.example' }).expect(403);
    await signIn(finance, { 'Sec-Fetch-Site': 'cross-site' }).expect(403);
    const agent = await signedIn(testApp, 'admin');
    await agent
      .patch('/api/users/1')
      .set('Origin', 'https://evil.example')
      .send({ fullName: 'Hackeado' })
      .expect(403);
  });

  it('when a write comes from the app itself, then the origin check lets it through', async () => {
    const response = await request(testApp.app).post('/api/session').set('Host', 'abastece.local').set('Origin', 'http://abastece.local').send(finance);
    expect(response.status).toBe(200);
  });

  it('when any response goes out, then it carries a strict Content-Security-Policy and no framework banner', async () => {
    const response = await request(testApp.app).get('/api/health').expect(200);
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('when a body is larger than the limit, then 413 problem', async () => {
    const response = await signIn({ username: 'x', password: 'y'.repeat(200_000) });
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
