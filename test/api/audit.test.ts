import { sql } from 'kysely';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryDto, AuditPage, AuditVerification } from '../../shared/auth.ts';
import { verifyAudit } from '../../server/features/audit/audit.service.ts';
import { createTestUsers, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let admin: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  admin = await signedIn(testApp, 'admin');
});
afterAll(() => testApp.close());

const tampered: TestApp[] = [];
afterAll(async () => {
  for (const app of tampered) await app.close();
});

/** A test app of its own with a few audit rows, for a test that breaks the trail. */
async function tamperable(): Promise<{ testApp: TestApp; admin: TestAgent }> {
  const own = await startTestApp();
  tampered.push(own);
  const ownAdmin = await signedIn(own, 'admin');
  await ownAdmin.post('/api/users').send({ username: 'rosa.quispe', fullName: 'Rosa Quispe', roles: ['viewer'], password: 'una-clave-larga-rosa' }).expect(201);
  return { testApp: own, admin: ownAdmin };
}

const latestId = async () => Number((await admin.get('/api/audit?pageSize=1').expect(200)).body.entries[0]?.id ?? 0);

/** Runs a write and returns the audit rows it added (newest last). */
async function auditOf(write: () => Promise<unknown>): Promise<AuditEntryDto[]> {
  const before = await latestId();
  await write();
  const page = (await admin.get('/api/audit?pageSize=50').expect(200)).body as AuditPage;
  return page.entries.filter((entry) => entry.id > before).reverse();
}

describe('the audit trail records every write once', () => {
  it('when a user signs in, fails to, and signs out, then each leaves one row', async () => {
    const { finance } = await createTestUsers(testApp);
    const agent = request.agent(testApp.app);
    const [signIn] = await auditOf(() => agent.post('/api/session').send(finance).expect(200));
    expect(signIn).toMatchObject({ action: 'sign_in', entity: 'session', username: finance.username });
    expect(signIn!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(signIn!.clientAddress).toBeTruthy();

    const failed = await auditOf(() => request(testApp.app).post('/api/session').send({ ...finance, password: 'mal' }).expect(401));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ action: 'sign_in_failed', username: finance.username, after: { reason: 'credentials' } });

    const out = await auditOf(() => agent.delete('/api/session').expect(204));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ action: 'sign_out', username: finance.username });
  });

  it('when an admin creates and changes a user, then each write leaves one row with before and after', async () => {
    const created = await auditOf(() =>
      admin.post('/api/users').send({ username: 'rosa.mamani', fullName: 'Rosa Mamani', roles: ['viewer'], password: 'una-clave-larga-rosa' }).expect(201),
    );
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      action: 'create', entity: 'user', before: null,
      after: { username: 'rosa.mamani', fullName: 'Rosa Mamani', roles: ['viewer'], active: true },
    });
    const id = created[0]!.entityId;

    const renamed = await auditOf(() => admin.patch(`/api/users/${id}`).send({ fullName: 'Rosa Mamani Huanca' }).expect(200));
    expect(renamed).toHaveLength(1);
    expect(renamed[0]).toMatchObject({
      action: 'update', entityId: id,
      before: { fullName: 'Rosa Mamani' }, after: { fullName: 'Rosa Mamani Huanca' },
    });

    const roleChange = await auditOf(() => admin.patch(`/api/users/${id}`).send({ roles: ['finance'] }).expect(200));
    expect(roleChange).toHaveLength(1);
    expect(roleChange[0]).toMatchObject({ action: 'role_change', before: { roles: ['viewer'] }, after: { roles: ['finance'] } });

    const reset = await auditOf(() => admin.patch(`/api/users/${id}`).send({ password: 'otra-clave-larga-rosa' }).expect(200));
    expect(reset).toHaveLength(1);
    expect(reset[0]).toMatchObject({ action: 'password_change', after: { passwordReset: true } });
    expect(JSON.stringify(reset[0])).not.toMatch(/otra-clave|scrypt/);
  });

  it('when a write is refused, then no row is added', async () => {
    const rows = await auditOf(() => admin.post('/api/users').send({ username: 'x' }).expect(400));
    expect(rows).toEqual([]);
  });

  it('when a user changes their own password, then one row without the password', async () => {
    const agent = await signedIn(testApp, 'pharmacy');
    const { pharmacy } = await createTestUsers(testApp);
    const rows = await auditOf(() =>
      agent.post('/api/session/password').send({ currentPassword: pharmacy.password, newPassword: 'farmacia-clave-nueva' }).expect(204),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'password_change', username: pharmacy.username });
    expect(JSON.stringify(rows[0])).not.toContain('farmacia-clave-nueva');
  });
});

describe('reading the audit trail', () => {
  it('when filtered by entity, id, action and dates, then only matching rows come back', async () => {
    const all = (await admin.get('/api/audit?pageSize=1000').expect(200)).body as AuditPage;
    const userRow = all.entries.find((entry) => entry.entity === 'user')!;
    const byRecord = (await admin.get(`/api/audit?entity=user&entityId=${userRow.entityId}`).expect(200)).body as AuditPage;
    expect(byRecord.entries.length).toBeGreaterThan(0);
    expect(byRecord.entries.every((entry) => entry.entity === 'user' && entry.entityId === userRow.entityId)).toBe(true);
    const signIns = (await admin.get('/api/audit?action=sign_in').expect(200)).body as AuditPage;
    expect(signIns.entries.every((entry) => entry.action === 'sign_in')).toBe(true);
    const limaToday = new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10);
    const today = (await admin.get(`/api/audit?from=${limaToday}&to=${limaToday}&pageSize=1000`).expect(200)).body as AuditPage;
    expect(today.total).toBe(all.total);
    const past = (await admin.get('/api/audit?from=2001-01-01&to=2001-12-31').expect(200)).body as AuditPage;
    expect(past.total).toBe(0);
    await admin.get('/api/audit?from=ayer').expect(400);
    await admin.get('/api/audit?action=hack').expect(400);
  });

  it('when exported to CSV, then every row is there and formula-like cells are neutralised', async () => {
    await request(testApp.app).post('/api/session').send({ username: '=hyperlink("http://x")', password: 'x' }).expect(401);
    const response = await admin.get('/api/audit/export').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment/);
    const text = response.text;
    expect(text).toContain(`"'=hyperlink(""http://x"")"`);
    expect(text).not.toMatch(/(^|,)=hyperlink/m);
    const total = ((await admin.get('/api/audit?pageSize=1').expect(200)).body as AuditPage).total;
    const dataLines = text.replace(/^\uFEFF/, '').trim().split('\n').filter((line) => /^\d+,/.test(line));
    expect(dataLines).toHaveLength(total);
  });
});

describe('the audit trail cannot be rewritten unnoticed', () => {
  it('when the application or anyone else tries UPDATE or DELETE, then the database refuses', async () => {
    await expect(sql`update audit_log set username = 'otro'`.execute(testApp.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(testApp.db)).rejects.toThrow(/append-only/);
  });

  it('when nothing was touched, then verify says ok with the row count', async () => {
    const total = ((await admin.get('/api/audit?pageSize=1').expect(200)).body as AuditPage).total;
    const newest = ((await admin.get('/api/audit?pageSize=1').expect(200)).body as AuditPage).entries[0]!;
    expect((await admin.get('/api/audit/verify').expect(200)).body).toEqual({
      ok: true,
      rows: total,
      head: { id: newest.id, hash: newest.hash },
    });
  });

  it('when a row is inserted by hand, then the database chains it too', async () => {
    await testApp.db.transaction().execute((trx) =>
      trx.insertInto('audit_log').values({ at: new Date(), action: 'update', entity: 'manual' }).execute(),
    );
    // The filter takes only the entities Abastece writes: the newest row is this one.
    const [row] = ((await admin.get('/api/audit?pageSize=1').expect(200)).body as AuditPage).entries;
    expect(row!.entity).toBe('manual');
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await admin.get('/api/audit/verify').expect(200)).body.ok).toBe(true);
  });

  it('when the session time zone or date style differ, then the chain still verifies', async () => {
    const result = await testApp.db.transaction().execute(async (trx) => {
      await sql`set local timezone = 'Asia/Tokyo'`.execute(trx);
      await sql`set local datestyle = 'SQL, DMY'`.execute(trx);
      return verifyAudit(trx);
    });
    expect(result.ok).toBe(true);
  });

  // The two tamperings below leave the trail broken: each works on a database of its own.
  it('when a row is changed behind the application’s back, then verify names that row', async () => {
    const { testApp, admin } = await tamperable();
    const page = (await admin.get('/api/audit?pageSize=1000').expect(200)).body as AuditPage;
    const victim = page.entries[Math.floor(page.entries.length / 2)]!;
    await sql`alter table audit_log disable trigger user`.execute(testApp.db);
    await sql`update audit_log set after = '{"reason":"nada"}'::jsonb where id = ${victim.id}`.execute(testApp.db);
    await sql`alter table audit_log enable trigger user`.execute(testApp.db);
    const result = (await admin.get('/api/audit/verify').expect(200)).body;
    expect(result).toMatchObject({ ok: false, brokenAt: victim.id });
  });

  it('when someone with database access rewrites a row and recomputes the whole chain, then the chain alone verifies but an anchor written down earlier does not hold', async () => {
    const { testApp, admin } = await tamperable();
    const before = (await admin.get('/api/audit/verify').expect(200)).body as AuditVerification;
    const anchor = before.head!;
    const query = `id=${anchor.id}&hash=${anchor.hash.toUpperCase()}`;
    expect((await admin.get(`/api/audit/verify?${query}`).expect(200)).body.anchor).toEqual({ ...anchor, holds: true });

    // The rewrite: change the oldest row, then recompute every link after it and the head, triggers off.
    await sql`alter table audit_log disable trigger user`.execute(testApp.db);
    await sql`update audit_log set username = 'alguien-mas' where position = 1`.execute(testApp.db);
    const ids = await testApp.db.selectFrom('audit_log').select('id').orderBy('position').execute();
    let previous = '0'.repeat(64);
    for (const { id } of ids) {
      await sql`update audit_log set prev_hash = ${previous} where id = ${id}`.execute(testApp.db);
      const { rows } = await sql<{ hash: string }>`
        update audit_log set hash = audit_log_hash(prev_hash, audit_log_content(audit_log)) where id = ${id} returning hash
      `.execute(testApp.db);
      previous = rows[0]!.hash;
    }
    await sql`update audit_chain_head set hash = ${previous}`.execute(testApp.db);
    await sql`alter table audit_log enable trigger user`.execute(testApp.db);

    expect(((await admin.get('/api/audit/verify').expect(200)).body as AuditVerification).ok).toBe(true);
    const checked = (await admin.get(`/api/audit/verify?${query}`).expect(200)).body as AuditVerification;
    expect(checked).toMatchObject({ ok: false, brokenAt: anchor.id, anchor: { ...anchor, holds: false } });
  });

  it('when an anchor is half given or its hash is malformed, then 400 names hash', async () => {
    expect((await admin.get('/api/audit/verify?id=1').expect(400)).body.errors[0].field).toBe('hash');
    expect((await admin.get('/api/audit/verify?id=1&hash=abc').expect(400)).body.errors[0].field).toBe('hash');
  });
});
