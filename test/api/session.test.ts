import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserDto } from '../../shared/auth.ts';
import { THROTTLE } from '../../server/features/auth/sign-in-throttle.ts';
import { createUser } from '../../server/features/users/users.service.ts';
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

async function newUser(username: string, password = 'una-clave-bastante-larga', app = testApp) {
  await createUser(app.db, null, new Date(), { username, password, fullName: username, roles: ['viewer'] });
  return { username, password };
}

/** The reasons recorded for the failed tries of one username (each password check leaves one). */
async function auditedFailures(app: TestApp, action: 'sign_in_failed' | 'password_change_failed', username: string) {
  const rows = await app.db
    .selectFrom('audit_log')
    .where('action', '=', action)
    .where('username', '=', username)
    .select('after')
    .orderBy('id')
    .execute();
  return rows.map((row) => (row.after as { reason: string }).reason);
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
    await fail().expect(401); // the success ended the back-off: one failure since is not throttled
    await signIn(user).expect(200);
  });
});

describe('throttling that parallel guesses cannot bypass and strangers cannot abuse', () => {
  // Behind a trusted proxy, so each test speaks from addresses of its own (X-Forwarded-For).
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await startTestApp({ trustProxy: 1 });
  });
  afterAll(() => proxied.close());

  const from = (address: string, credentials: Credentials) =>
    request(proxied.app).post('/api/session').set('X-Forwarded-For', address).send(credentials);

  /** Five wrong passwords from one address, waiting out each back-off as the answer says. */
  async function failFiveTimes(address: string, username: string) {
    for (let failures = 0; failures < 5; ) {
      const response = await from(address, { username, password: 'una-adivinanza-equivocada' });
      if (response.status === 429) proxied.clock.advance(Number(response.headers['retry-after']) * 1000);
      else {
        expect(response.status).toBe(401);
        failures++;
      }
    }
  }

  it('when 40 guesses for one user arrive at once from one address, then at most 5 reach the password check, the right password is refused once the limit is reached, and every answer is 401 or 429', async () => {
    const user = await newUser('paralelo', undefined, proxied);
    const address = '198.51.100.10';
    let limitReached = () => {};
    const reached = new Promise<void>((resolve) => (limitReached = resolve));
    const wrong = Promise.all(
      Array.from({ length: 39 }, (_, i) =>
        from(address, { ...user, password: `equivocada-${i}` }).then((response) => {
          if (response.status === 429) limitReached();
          return response;
        }),
      ),
    );
    // The right password goes out once some guess has been refused, while the others are still in flight.
    await Promise.race([reached, wrong]);
    const right = await from(address, user);
    const responses = [...(await wrong), right];

    expect(responses.map((response) => response.status).filter((status) => status !== 401 && status !== 429)).toEqual([]);
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    const reasons = await auditedFailures(proxied, 'sign_in_failed', user.username);
    const checked = reasons.filter((reason) => reason === 'credentials').length;
    // From the third failure on, the next try must wait: no more than three are checked at once.
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(THROTTLE.pairBackoffFrom);
    expect(responses.filter((response) => response.status === 401)).toHaveLength(checked);
    expect(reasons.filter((reason) => reason === 'locked')).toHaveLength(40 - checked);
    const attempts = await proxied.db.selectFrom('sign_in_attempts').where('username', '=', user.username).select('succeeded').execute();
    expect(attempts).toEqual(Array.from({ length: checked }, () => ({ succeeded: false })));
  });

  it('when a stranger keeps failing from one address, then the stranger is slowed and the owner signing in from an address used before still gets in', async () => {
    const owner = await newUser('propietaria', undefined, proxied);
    const home = '198.51.100.20';
    const stranger = '203.0.113.20';
    await from(home, owner).expect(200);

    await failFiveTimes(stranger, owner.username);
    const slowed = await from(stranger, owner).expect(429); // from there, even the right password waits
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(slowed.headers['content-type']).toMatch(/^application\/problem\+json/);

    await from(home, owner).expect(200);
  });

  it('when many addresses fail for one user, then an address the owner never used is slowed but the owner from a known address gets in, and the admin sees the lock', async () => {
    const owner = await newUser('distribuida', undefined, proxied);
    const home = '198.51.100.30';
    await from(home, owner).expect(200);

    for (const stranger of ['203.0.113.31', '203.0.113.32']) await failFiveTimes(stranger, owner.username);
    const elsewhere = await from('192.0.2.33', owner).expect(429);
    expect(Number(elsewhere.headers['retry-after'])).toBeGreaterThan(14 * 60);
    await from(home, owner).expect(200);

    const admin = await signedIn(proxied, 'admin');
    const listed = ((await admin.get('/api/users').expect(200)).body as UserDto[]).find((user) => user.username === owner.username);
    expect(Date.parse(listed!.lockedUntil!)).toBeGreaterThan(proxied.clock().getTime() + 14 * MINUTE);
  });

  it('when the owner signs in, then the failures from other addresses stay on record and still count there', async () => {
    const owner = await newUser('constancia', undefined, proxied);
    const home = '198.51.100.40';
    const stranger = '203.0.113.40';
    const guess = { ...owner, password: 'una-adivinanza-equivocada' };
    await from(home, owner).expect(200);
    for (let i = 0; i < 3; i++) await from(stranger, guess).expect(401);

    await from(home, owner).expect(200);

    // Two more failures lock the stranger's address: the three before the owner's success still count.
    proxied.clock.advance(5_000);
    await from(stranger, guess).expect(401);
    proxied.clock.advance(10_000);
    await from(stranger, guess).expect(401);
    const locked = await from(stranger, owner).expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    const recorded = await proxied.db
      .selectFrom('sign_in_attempts')
      .where('username', '=', owner.username)
      .where('client_address', '=', stranger)
      .select('succeeded')
      .execute();
    expect(recorded).toEqual(Array.from({ length: 5 }, () => ({ succeeded: false })));
  });

  it('when one address fails for many usernames, then that address is locked, for everyone signing in from there', async () => {
    const { finance: colleague } = await createTestUsers(proxied);
    const address = '203.0.113.50';
    for (let i = 0; i < 20; i++) await from(address, { username: `ataque-${i}`, password: 'x' }).expect(401);
    await from(address, colleague).expect(429);
    await from('198.51.100.50', colleague).expect(200);
    proxied.clock.advance(15 * MINUTE + 1_000);
    await from(address, colleague).expect(200);
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

  it('when the current password is wrong again and again, then the change backs off with 429 and Retry-After, the right one waits too, and every try is audited', async () => {
    const user = await newUser('cambio-fuerza');
    const agent = request.agent(testApp.app);
    await agent.post('/api/session').send(user).expect(200);
    const change = (currentPassword: string) =>
      agent.post('/api/session/password').send({ currentPassword, newPassword: 'nueva-clave-larga-3' });

    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await change(`equivocada-${i}`);
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
    expect(statuses).toEqual([401, 401, 401, ...Array.from({ length: 27 }, () => 429)]);
    await change(user.password).expect(429);

    expect(await auditedFailures(testApp, 'password_change_failed', user.username)).toEqual([
      ...Array.from({ length: 3 }, () => 'credentials'),
      ...Array.from({ length: 28 }, () => 'locked'),
    ]);
    await agent.get('/api/session').expect(200); // still signed in, password unchanged
    testApp.clock.advance(15 * MINUTE + 1_000);
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
