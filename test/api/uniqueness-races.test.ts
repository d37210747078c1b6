// Item codes and usernames stay unique, ignoring case, when many requests race for the same one:
// the database decides, and the losers get a 409 naming the field, never a 5xx.
import { sql } from 'kysely';
import request from 'supertest';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDto } from '../../shared/api.ts';
import { createTestUsers, startAnotherApp, startTestApp, type TestApp } from '../support/test-app.ts';

const RACERS = 20;
const spellings = (base: string) => [base.toUpperCase(), base.toLowerCase(), base[0]!.toUpperCase() + base.slice(1)];

let testApp: TestApp;
let racing: ReturnType<typeof startAnotherApp>;
let pharmacy: string;
let admin: string;

beforeAll(async () => {
  testApp = await startTestApp();
  // A server with a pool of its own, so on PostgreSQL the requests really run side by side.
  racing = startAnotherApp(testApp, { poolSize: 10 });
  const users = await createTestUsers(testApp);
  const cookieOf = async (role: 'pharmacy' | 'admin') => {
    const response = await request(testApp.app).post('/api/session').send(users[role]).expect(200);
    return (response.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
  };
  pharmacy = await cookieOf('pharmacy');
  admin = await cookieOf('admin');
});
afterAll(async () => {
  await racing.close();
  await testApp.close();
});

const item = (code: string) => ({
  code,
  dci: 'Paracetamol',
  strength: '500 mg',
  dosageForm: 'tableta',
  supplyList: 'local',
  therapeuticGroup: 'Analgésicos',
  ven: 'essential',
  oncology: false,
});

/** Exactly one winner with `won`; every other answer a 409 problem naming `field`, with the value it sent. */
function expectOneWinner(responses: Response[], won: number, field: string, message: (i: number) => string) {
  expect(responses.filter((response) => response.status >= 500)).toEqual([]);
  expect(responses.filter((response) => response.status === won)).toHaveLength(1);
  responses.forEach((response, i) => {
    if (response.status === won) return;
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors).toEqual([{ field, in: 'body', message: message(i) }]);
  });
}

const countIgnoringCase = async (table: 'items' | 'users', column: 'code' | 'username', value: string) =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where lower(${sql.ref(column)}) = lower(${value})`.execute(testApp.db))
      .rows[0]!.n,
  );

describe('uniqueness when requests race', () => {
  it('when 20 requests create the same item code in different cases at once, then one 201, the rest 409 naming code, and one item', async () => {
    const codes = spellings('race-a');
    const responses = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => request(racing.app).post('/api/items').set('Cookie', pharmacy).send(item(codes[i % 3]!))),
    );
    expectOneWinner(responses, 201, 'code', (i) => `Ya existe un ítem con el código ${codes[i % 3]}.`);
    expect(await countIgnoringCase('items', 'code', 'race-a')).toBe(1);
  });

  it('when 20 items are renamed onto the same new code in different cases at once, then one 200, the rest 409 naming code, and one item has it', async () => {
    const created: ItemDto[] = [];
    for (let i = 0; i < RACERS; i++) {
      created.push((await request(testApp.app).post('/api/items').set('Cookie', pharmacy).send(item(`RENAME-${i}`)).expect(201)).body as ItemDto);
    }
    const codes = spellings('moved-b');
    const responses = await Promise.all(
      created.map((one, i) =>
        request(racing.app).patch(`/api/items/${one.id}`).set('Cookie', pharmacy).send({ version: one.version, code: codes[i % 3] }),
      ),
    );
    expectOneWinner(responses, 200, 'code', (i) => `Ya existe un ítem con el código ${codes[i % 3]}.`);
    expect(await countIgnoringCase('items', 'code', 'moved-b')).toBe(1);
    const renamed = responses.find((response) => response.status === 200)!.body as ItemDto;
    expect((await request(testApp.app).get(`/api/items/${renamed.id}`).set('Cookie', pharmacy).expect(200)).body.version).toBe(2);
  });

  it('when 20 requests create the same username at once, then one 201, the rest 409 naming username, and one user', async () => {
    const names = spellings('rosa.race');
    const responses = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        request(racing.app)
          .post('/api/users')
          .set('Cookie', admin)
          .send({ username: names[i % 3], fullName: 'Rosa Carrera', roles: ['viewer'], password: 'una-clave-larga-de-rosa' }),
      ),
    );
    expectOneWinner(responses, 201, 'username', (i) => `El usuario «${names[i % 3]}» ya existe.`);
    expect(await countIgnoringCase('users', 'username', 'rosa.race')).toBe(1);
  });

  it('when a username differing only in case is written to the database, then the database refuses it', async () => {
    await expect(
      sql`insert into users (username, full_name, password_hash, created_at) values ('PRUEBA-ADMIN', 'Otro', 'x', now())`.execute(testApp.db),
    ).rejects.toMatchObject({ code: '23505', constraint: 'users_username_lower_key' });
  });
});
