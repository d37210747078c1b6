// The first users of an empty database: created once, passwords shown once, even when several app
// servers start on the same database at the same moment.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserDto } from '../../shared/auth.ts';
import { ensureInitialUsers } from '../../server/users/initial-users.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp | undefined;
afterEach(() => testApp?.close());

/** The username → password lines that a start printed. */
function printedPasswords(lines: string[]): Map<string, string> {
  const passwords = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const [username, password] = line.trim().split(/\s+/);
    if (username && password) passwords.set(username, password);
  }
  return passwords;
}

describe('first start', () => {
  it('when the database has no users, then admin gets ABASTECE_ADMIN_PASSWORD, each demo user a printed password that signs in, and a second start prints nothing', async () => {
    testApp = await startTestApp();
    const printed: string[] = [];
    const created = await ensureInitialUsers(testApp.db, {
      adminPassword: 'clave-inicial-del-admin',
      demoUsers: true,
      print: (line) => printed.push(line),
    });

    expect(created).toBe(5);
    const passwords = printedPasswords(printed);
    expect([...passwords.keys()]).toEqual(['admin', 'logistica', 'farmacia', 'finanzas', 'consulta']);
    expect(printed.join('\n')).not.toContain('clave-inicial-del-admin');
    await request(testApp.app).post('/api/session').send({ username: 'admin', password: 'clave-inicial-del-admin' }).expect(200);
    for (const username of ['logistica', 'farmacia', 'finanzas', 'consulta']) {
      const password = passwords.get(username) as string;
      expect(password.length).toBeGreaterThanOrEqual(16);
      await request(testApp.app).post('/api/session').send({ username, password }).expect(200);
    }

    const again: string[] = [];
    expect(await ensureInitialUsers(testApp.db, { demoUsers: true, print: (line) => again.push(line) })).toBe(0);
    expect(again).toEqual([]);
  });

  it('when two app servers start at once on an empty database, then the users are created once and only one prints passwords', async () => {
    testApp = await startTestApp();
    const printedBy: string[][] = [[], []];
    const results = await Promise.all(
      printedBy.map((printed) => ensureInitialUsers(testApp!.db, { demoUsers: true, print: (line) => printed.push(line) })),
    );

    expect(results.toSorted()).toEqual([0, 5]);
    expect(printedBy.filter((printed) => printed.length > 0)).toHaveLength(1);
    const admin = request.agent(testApp.app);
    const adminPassword = printedPasswords(printedBy.find((printed) => printed.length > 0) as string[]).get('admin');
    await admin.post('/api/session').send({ username: 'admin', password: adminPassword }).expect(200);
    const users = (await admin.get('/api/users').expect(200)).body as UserDto[];
    expect(users.map((user) => user.username).toSorted()).toEqual(['admin', 'consulta', 'farmacia', 'finanzas', 'logistica']);
  });
});
