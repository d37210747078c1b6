// Input PostgreSQL would refuse (U+0000 in text) and multipart bodies busboy cannot read: a 400
// problem+json naming the field, never a 500 and never a 200 cut short.
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemDetails } from '../../shared/api.ts';
import { createTestProgramme } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let admin: TestAgent;
beforeAll(async () => {
  testApp = await startTestApp();
  admin = await signedIn(testApp, 'admin');
  // Item 1 and programme 1, for the routes that read them.
  await createTestProgramme(testApp.db);
});
afterAll(() => testApp.close());

function expectProblem(response: request.Response, status: number, field: string, part: 'query' | 'path' | 'body'): ProblemDetails {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.body as ProblemDetails;
  expect(problem.errors).toContainEqual(expect.objectContaining({ field, in: part }));
  return problem;
}

const nulMessage = (problem: ProblemDetails, field: string) => problem.errors?.find((error) => error.field === field)?.message;

describe('a NUL byte (U+0000) in any text input', () => {
  it('when signing in with a NUL in the username, unauthenticated, then 400 names username', async () => {
    const response = await request(testApp.app).post('/api/session').send({ username: 'ad\u0000min', password: 'x' });
    const problem = expectProblem(response, 400, 'username', 'body');
    expect(nulMessage(problem, 'username')).toMatch(/carácter nulo/);
  });

  it.each([
    ['/api/items?q=%00', 'q'],
    ['/api/items?q=amoxi%00cilina&page=1', 'q'],
    ['/api/programmes/1/lines?q=%00', 'q'],
    ['/api/programmes/1/coverage/items?group=%00', 'group'],
    ['/api/audit?entityId=1%00', 'entityId'],
    ['/api/audit/export?entity=%00', 'entity'],
    ['/api/programmes/1/coverage/export?q=%00', 'q'],
    ['/api/items/summary?x=%00', 'x'],
    ['/api/items?%00=1', '\u0000'],
  ])('when GET %s, then 400 names the query parameter %j', async (path, field) => {
    const problem = expectProblem(await admin.get(path), 400, field, 'query');
    expect(nulMessage(problem, field)).toMatch(/carácter nulo/);
  });

  it.each(['/api/items/1%00', '/api/users/%00/history', '/api/programmes/1%00/summary'])(
    'when GET %s, then 400 names the route parameter id',
    async (path) => {
      const problem = expectProblem(await admin.get(path), 400, 'id', 'path');
      expect(nulMessage(problem, 'id')).toMatch(/carácter nulo/);
    },
  );

  it('when a JSON body holds a NUL, nested in an array, then 400 names its path (roles.0) and no user is created', async () => {
    const before = (await admin.get('/api/users').expect(200)).body.length as number;
    const response = await admin
      .post('/api/users')
      .send({ username: 'rosa.nul', fullName: 'Rosa', roles: ['viewer\u0000'], password: 'una-clave-larga-rosa' });
    const problem = expectProblem(response, 400, 'roles.0', 'body');
    expect(nulMessage(problem, 'roles.0')).toMatch(/carácter nulo/);
    expect((await admin.get('/api/users').expect(200)).body).toHaveLength(before);
  });

  it('when an item edit carries a NUL in a field or in a key, then 400 names it and the item is unchanged', async () => {
    const item = (await admin.get('/api/items/1').expect(200)).body;
    expectProblem(await admin.patch('/api/items/1').send({ dci: 'Ácido\u0000', version: item.version }), 400, 'dci', 'body');
    expectProblem(await admin.patch('/api/items/1').send({ ['dci\u0000']: 'x', version: item.version }), 400, 'dci\u0000', 'body');
    expect((await admin.get('/api/items/1').expect(200)).body).toEqual(item);
  });

  it('when the password change carries a NUL, then 400 names the field', async () => {
    const response = await admin.post('/api/session/password').send({ currentPassword: 'a\u0000', newPassword: 'una-clave-larga-nueva' });
    expectProblem(response, 400, 'currentPassword', 'body');
  });

  const csv = Buffer.from('Código,Denominación\r\nX-1,Uno\r\n', 'utf8');

  it('when a multipart text field holds a NUL, then 400 names it', async () => {
    const response = await admin.post('/api/items/import').field('dryRun', 'tr\u0000ue').attach('file', csv, 'petitorio.csv');
    expect(nulMessage(expectProblem(response, 400, 'dryRun', 'body'), 'dryRun')).toMatch(/carácter nulo/);
  });

  it('when the mapping field decodes to a NUL, then 400 names its path (mapping.x)', async () => {
    const response = await admin
      .post('/api/items/import')
      .field('dryRun', 'true')
      .field('mapping', JSON.stringify({ x: '\u0000' }))
      .attach('file', csv, 'petitorio.csv');
    expectProblem(response, 400, 'mapping.x', 'body');
  });

  it('when the uploaded file’s name holds a NUL, then 400 names file and nothing is imported', async () => {
    const body = Buffer.from(
      [
        '--limite',
        `Content-Disposition: form-data; name="file"; filename*=utf-8''peti%00torio.csv`,
        'Content-Type: text/csv',
        '',
        'Código,Denominación,Concentración,Forma farmacéutica,Cartilla,Grupo terapéutico,VEN,Oncológico',
        'NUL-001,Ácido fólico,5 mg,tableta,Suministro local,Sangre,Esencial,No',
        '--limite--',
        '',
      ].join('\r\n'),
      'utf8',
    );
    const response = await admin.post('/api/items/import').set('content-type', 'multipart/form-data; boundary=limite').send(body);
    expectProblem(response, 400, 'file', 'body');
    expect((await admin.get('/api/items?q=NUL-001').expect(200)).body.total).toBe(0);
  });
});

describe('a malformed multipart body on the upload route', () => {
  const part = (boundary: string) =>
    [`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="petitorio.csv"', 'Content-Type: text/csv', '', 'Código,Denominación', 'X-1,Uno'].join('\r\n');

  it.each([
    ['no boundary', 'multipart/form-data', Buffer.from(`${part('limite')}\r\n--limite--\r\n`)],
    ['a wrong boundary', 'multipart/form-data; boundary=otro', Buffer.from(`${part('limite')}\r\n--limite--\r\n`)],
    ['a truncated body', 'multipart/form-data; boundary=limite', Buffer.from(part('limite').slice(0, 80))],
    ['a body cut before the closing boundary', 'multipart/form-data; boundary=limite', Buffer.from(`${part('limite')}\r\n`)],
    ['a malformed part header', 'multipart/form-data; boundary=limite', Buffer.from('--limite\r\nesto no es un encabezado\r\n\r\nx\r\n--limite--\r\n')],
    ['garbage', 'multipart/form-data; boundary=limite', Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256))],
  ])('when the body has %s, then 400 problem+json names file, in Spanish', async (_case, contentType, body) => {
    const response = await admin.post('/api/items/import').set('content-type', contentType).send(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.body as ProblemDetails;
    expect(problem.errors).toContainEqual(expect.objectContaining({ field: 'file', in: 'body' }));
    expect(problem.errors?.find((error) => error.field === 'file')?.message).toMatch(/archivo/i);
    expect(JSON.stringify(problem)).not.toMatch(/Multipart|Unexpected|Malformed|boundary/);
  });

  it('when the file comes in another field or with a second file, then 400 says so in Spanish, not with multer’s code', async () => {
    const csv = Buffer.from('Código\r\nX-1\r\n');
    const other = await admin.post('/api/items/import').attach('archivo', csv, 'petitorio.csv');
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([{ field: 'archivo', in: 'body', message: 'Envíe el archivo en el campo «file».' }]);
    const two = await admin.post('/api/items/import').attach('file', csv, 'uno.csv').attach('file', csv, 'dos.csv');
    expect(two.status).toBe(400);
    expect(JSON.stringify(two.body)).not.toMatch(/LIMIT_/);
  });
});
