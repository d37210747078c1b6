import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordHistoryPage, UserDto } from '../../shared/auth.ts';
import { createTestUsers, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let admin: TestAgent;
let adminId: number;

beforeAll(async () => {
  testApp = await startTestApp();
  admin = await signedIn(testApp, 'admin');
  adminId = (await admin.get('/api/session').expect(200)).body.user.id;
});
afterAll(() => testApp.close());

const newUser = { username: 'ana.quispe', fullName: 'Ana Quispe', roles: ['pharmacy'], password: 'farmacia-segura-2026' };

describe('managing users', () => {
  it('when an admin creates a user, then 201 returns it without any password and the user can sign in', async () => {
    const response = await admin.post('/api/users').send(newUser).expect(201);
    const user = response.body as UserDto;
    expect(user).toMatchObject({ username: 'ana.quispe', fullName: 'Ana Quispe', roles: ['pharmacy'], active: true });
    expect(JSON.stringify(user)).not.toMatch(/password|scrypt/);
    await request(testApp.app).post('/api/session').send({ username: 'ana.quispe', password: newUser.password }).expect(200);
    const list = (await admin.get('/api/users').expect(200)).body as UserDto[];
    expect(list.map((u) => u.username)).toContain('ana.quispe');
  });

  it('when the username is taken, then 409 names username', async () => {
    await admin.post('/api/users').send({ ...newUser, username: 'rosa.taken' }).expect(201);
    const response = await admin.post('/api/users').send({ ...newUser, username: 'rosa.taken' }).expect(409);
    expect(response.body.errors[0].field).toBe('username');
  });

  it('when the input is invalid, then 400 names each field', async () => {
    const response = await admin
      .post('/api/users')
      .send({ username: 'Ñandú!', fullName: '', roles: ['boss'], password: 'corta' })
      .expect(400);
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'fullName', 'roles.0', 'password']));
  });

  it('when an admin changes roles, resets a password and deactivates, then each takes effect', async () => {
    const { id } = (await admin.post('/api/users').send({ ...newUser, username: 'luis.rojas' }).expect(201)).body as UserDto;
    const user = request.agent(testApp.app);
    await user.post('/api/session').send({ username: 'luis.rojas', password: newUser.password }).expect(200);

    const changed = await admin.patch(`/api/users/${id}`).send({ roles: ['pharmacy', 'logistics'] }).expect(200);
    expect(changed.body.roles).toEqual(['logistics', 'pharmacy']);
    expect((await user.get('/api/session').expect(200)).body.user.roles).toEqual(['logistics', 'pharmacy']);

    await admin.patch(`/api/users/${id}`).send({ password: 'restablecida-por-admin' }).expect(200);
    await user.get('/api/session').expect(401); // a reset ends the user's sessions
    await request(testApp.app).post('/api/session').send({ username: 'luis.rojas', password: 'restablecida-por-admin' }).expect(200);

    await admin.patch(`/api/users/${id}`).send({ active: false }).expect(200);
    await request(testApp.app).post('/api/session').send({ username: 'luis.rojas', password: 'restablecida-por-admin' }).expect(401);

    // The account's Historial: each change, newest first, never a password or its hash.
    const history = (await admin.get(`/api/users/${id}/history`).expect(200)).body as RecordHistoryPage;
    expect(history.entries.map((entry) => entry.action)).toEqual(['update', 'password_change', 'role_change', 'create']);
    expect(history.entries[0]).toMatchObject({ username: 'prueba-admin', before: { active: true }, after: { active: false } });
    expect(JSON.stringify(history)).not.toMatch(/restablecida|scrypt/);
  });

  it("when someone other than an admin asks for a user's history, then 403; for an unknown user, 404", async () => {
    const pharmacy = await signedIn(testApp, 'pharmacy');
    await pharmacy.get(`/api/users/${adminId}/history`).expect(403);
    expect((await admin.get('/api/users/999999/history').expect(404)).body.errors[0].field).toBe('id');
  });

  it('when an admin would lock themselves out, then 409 and nothing changes', async () => {
    await admin.patch(`/api/users/${adminId}`).send({ roles: ['viewer'] }).expect(409);
    await admin.patch(`/api/users/${adminId}`).send({ active: false }).expect(409);
    expect((await admin.get('/api/session').expect(200)).body.user.roles).toEqual(['admin']);
  });

  it('when the user does not exist or the patch is empty, then 404 or 400', async () => {
    await admin.patch('/api/users/999999').send({ fullName: 'X' }).expect(404);
    await admin.patch(`/api/users/${adminId}`).send({}).expect(400);
  });

  it('when a locked-out user gets a new password, then the lockout is lifted', async () => {
    const { viewer } = await createTestUsers(testApp);
    for (let i = 0; i < 5; i++) {
      await request(testApp.app).post('/api/session').send({ username: viewer.username, password: 'mal' });
    }
    const locked = (await admin.get('/api/users').expect(200)).body.find((u: UserDto) => u.username === viewer.username);
    expect(locked.lockedUntil).not.toBeNull();
    await admin.patch(`/api/users/${locked.id}`).send({ password: 'clave-nueva-de-consulta' }).expect(200);
    await request(testApp.app).post('/api/session').send({ username: viewer.username, password: 'clave-nueva-de-consulta' }).expect(200);
  });
});
