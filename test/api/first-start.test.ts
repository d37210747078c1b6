// The first users of an empty database: created once, passwords shown once, even when several app
// servers start on the same database at the same moment.
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserDto } from '../../shared/auth.ts';
import { databaseConfigFromEnv, migrateToLatest, openDatabase } from '../../db/database.ts';
import { migrationProvider } from '../../db/migrations/index.ts';
import { demoDataFromEnv, portFromEnv, prepareDatabase } from '../../server/start.ts';
import { ensureInitialUsers } from '../../server/features/users/initial-users.ts';
import { emptyDatabaseEnv } from '../support/test-database.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await testApp?.close();
  testApp = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

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

  it('when the app starts on an empty database with ABASTECE_DEMO_DATA=false, then there are no items, no programmes and only the admin', async () => {
    const { env, remove } = await emptyDatabaseEnv();
    cleanups.push(remove);
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    const { db, seeded } = await prepareDatabase({ ...env, ABASTECE_DEMO_DATA: 'false', ABASTECE_ADMIN_PASSWORD: 'clave-del-admin-real' });
    cleanups.unshift(() => db.destroy());
    vi.restoreAllMocks();

    expect(seeded).toBe(false);
    expect(await db.selectFrom('items').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: '0' });
    expect(await db.selectFrom('programmes').selectAll().execute()).toEqual([]);
    expect((await db.selectFrom('users').select('username').execute()).map((user) => user.username)).toEqual(['admin']);
    expect(printed.filter((line) => /^\s+\S+\s/.test(line))).toHaveLength(1);
  });

  it('when a database from before the demo flag is migrated, then the programmes it already had are marked as demo data', async () => {
    const { env, remove } = await emptyDatabaseEnv();
    cleanups.push(remove);
    const { db } = await openDatabase(databaseConfigFromEnv(env));
    cleanups.unshift(() => db.destroy());
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('2026-11-26-users-sessions-audit')).error).toBeUndefined();
    await sql`insert into programmes (name, fiscal_year) values ('Compra 2012', 2012)`.execute(db);

    await migrateToLatest(db);
    expect(await db.selectFrom('programmes').select(['name', 'demo']).execute()).toEqual([{ name: 'Compra 2012', demo: true }]);
  });

  it('when ABASTECE_DEMO_DATA is read, then unset, true and 1 mean on, false and 0 off, and anything else stops the start', () => {
    expect([undefined, '', 'true', 'TRUE', '1'].map(demoDataFromEnv)).toEqual([true, true, true, true, true]);
    expect(['false', '0', ' False '].map(demoDataFromEnv)).toEqual([false, false, false]);
    expect(() => demoDataFromEnv('no')).toThrow(/ABASTECE_DEMO_DATA/);
  });

  it('when PORT is read, then unset means 3000, a port number is taken, and anything else stops the start in Spanish', () => {
    expect([undefined, '', ' 8080 '].map(portFromEnv)).toEqual([3000, 3000, 8080]);
    for (const bad of ['abc', '0', '70000', '80.5', '-1']) expect(() => portFromEnv(bad)).toThrow(/PORT debe ser un número de puerto/);
  });
});
