// npm run bench:planning — what issue 11 promises of a 20,000-line programme, through HTTP on a
// real server, printed as figures (no assertions): an inline edit's round trip (PATCH of a line,
// then the updated summary), the summary alone, the first page of the grid, budget and compare,
// and copying the whole programme. PGlite unless DATABASE_URL names a PostgreSQL server (whose
// database is then emptied: use a scratch one).
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import type { LinesPage, ProgrammeDto, PurchaseLineDto } from '../shared/api.ts';
import { migrateToLatest, openPglite, openPostgres, pgliteParsers, type DatabaseHandle } from '../db/database.ts';
import { createApp } from '../server/app.ts';
import { createPlanningProgramme, PLANNING_LINES as LINES } from './planning-programme.ts';
import { createUser } from '../server/features/users/users.service.ts';

const RUNS = 30;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function open(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) return openPglite(await PGlite.create({ parsers: pgliteParsers }));
  const handle = openPostgres(url);
  await sql`drop schema public cascade`.execute(handle.db);
  await sql`create schema public`.execute(handle.db);
  return handle;
}

const handle = await open();
const { db } = handle;
await migrateToLatest(db);
console.log(`database: ${handle.kind}`);

// 10,000 items, each bought in both channels: 20,000 lines, written through the services.
let started = performance.now();
const programme = await createPlanningProgramme(db);
console.log(`arranged ${LINES.toLocaleString('en')} lines through the services in ${((performance.now() - started) / 1000).toFixed(1)} s`);

await createUser(db, null, new Date(), { username: 'bench', fullName: 'Bench', password: 'bench-password-123', roles: ['logistics'] });
const app = createApp({ db, databaseKind: handle.kind });
const server = app.listen(0);
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const signIn = await fetch(`${base}/api/session`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Origin: base },
  body: JSON.stringify({ username: 'bench', password: 'bench-password-123' }),
});
const headers = { Cookie: signIn.headers.get('set-cookie')!.split(';')[0]!, Origin: base, 'Content-Type': 'application/json' };

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

async function timed(label: string, work: (run: number) => Promise<unknown>, runs = RUNS): Promise<void> {
  await work(-1); // warm up
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const begin = performance.now();
    await work(run);
    times.push(performance.now() - begin);
  }
  console.log(`${label}: median ${ms(median(times))}, max ${ms(Math.max(...times))} over ${runs}`);
}

const { lines } = (await call('GET', `/api/programmes/${programme.id}/lines?pageSize=100`)) as LinesPage;
const editable = lines.map((line) => ({ ...line }));
const edit = async (run: number) => {
  const line = editable[(run + 1) % editable.length]!;
  const updated = (await call('PATCH', `/api/programmes/${programme.id}/lines/${line.id}`, {
    version: line.version,
    quantity: String(200 + run + 2),
  })) as PurchaseLineDto;
  line.version = updated.version;
};

await timed('inline edit round trip (PATCH line + GET summary)', async (run) => {
  await edit(run);
  await call('GET', `/api/programmes/${programme.id}/summary`);
});
await timed('PATCH of a line alone', (run) => edit(run + RUNS + 1));
await timed('summary of the programme', () => call('GET', `/api/programmes/${programme.id}/summary`));
await timed('first page of the grid (100 lines by code)', () => call('GET', `/api/programmes/${programme.id}/lines?pageSize=100`));
await timed('budget of the programme', () => call('GET', `/api/programmes/${programme.id}/budget`));

const copies: ProgrammeDto[] = [];
await timed(
  `copy of the ${LINES.toLocaleString('en')}-line programme (POST /api/programmes copyFrom)`,
  async (run) => copies.push((await call('POST', '/api/programmes', { name: `Copia ${run}`, fiscalYear: 2028, copyFrom: programme.id })) as ProgrammeDto),
  3,
);
await call('PATCH', `/api/programmes/${copies[0]!.id}/lines/${(((await call('GET', `/api/programmes/${copies[0]!.id}/lines?pageSize=1`)) as LinesPage).lines[0]!).id}`, {
  version: 1,
  quantity: '1',
});
await timed('compare with its copy (first page of 100)', () => call('GET', `/api/programmes/compare?base=${programme.id}&other=${copies[0]!.id}`), 10);
await timed('export of the lines as XLSX', () => fetch(`${base}/api/programmes/${programme.id}/lines/export?format=xlsx`, { headers }).then((r) => r.arrayBuffer()), 3);
await timed('export of the lines as CSV', () => fetch(`${base}/api/programmes/${programme.id}/lines/export?format=csv`, { headers }).then((r) => r.arrayBuffer()), 3);

started = performance.now();
await call('POST', `/api/programmes/${copies[1]!.id}/lines/bulk`, { filter: { channel: 'essalud' }, set: { process: 'reverse_auction' } });
console.log(`bulk move of ${(LINES / 2).toLocaleString('en')} lines (one audit row each): ${ms(performance.now() - started)}`);

server.close();
await db.destroy();
