// npx tsx bench/audit-concurrency.bench.ts — prints the figures (no assertions): a burst of
// audited writes fired at once over several app servers, each with its own pool, on one database;
// its wall time, and whether the chain then verifies. With DATABASE_URL (a PostgreSQL server) it
// works in a scratch database created and dropped there; without it, on one in-memory PGlite.
import { once } from 'node:events';
import type { Server } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import request from 'supertest';
import { migrateToLatest, openPglite, openPostgres, pgliteParsers, type DatabaseHandle } from '../db/database.ts';
import { seedDemoDataIfEmpty } from '../db/seed/demo-seed.ts';
import { createApp } from '../server/app.ts';
import { verifyAudit } from '../server/features/audit/audit.service.ts';
import { findItems } from '../server/features/items/items.repository.ts';
import { createUser } from '../server/features/users/users.service.ts';
import { fireAuditedBurst, type BurstSize } from '../test/support/audited-burst.ts';

const SERVERS = 3;
const POOL = 10;

const serverUrl = process.env.DATABASE_URL;
const scratch = `abastece_bench_${process.pid}`;
let handles: DatabaseHandle[];
let dropScratch = async () => {};
if (serverUrl) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${scratch}`);
  const url = new URL(serverUrl);
  url.pathname = `/${scratch}`;
  handles = Array.from({ length: SERVERS }, () => openPostgres(url.toString(), POOL));
  dropScratch = async () => {
    // The pools' backends may outlive their clients' end() for a moment.
    while ((await admin.query(`select 1 from pg_stat_activity where datname = $1`, [scratch])).rowCount) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin.query(`drop database ${scratch}`);
    await admin.end();
  };
} else {
  handles = [openPglite(await PGlite.create({ parsers: pgliteParsers }))];
}
const { db } = handles[0]!;
await migrateToLatest(db);
await seedDemoDataIfEmpty(db);
const editor = { username: 'farmacia.rafaga', password: 'clave-de-la-rafaga' };
await createUser(db, null, new Date(), { ...editor, fullName: 'Farmacia', roles: ['pharmacy'] });

const servers: Server[] = [];
for (let i = 0; i < SERVERS; i++) {
  const handle = handles[i % handles.length]!;
  const server = createApp({ db: handle.db, databaseKind: handle.kind, trustProxy: 'loopback' }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
}
const signIn = await request(servers[0]!).post('/api/session').send(editor).expect(200);
const editorCookie = (signIn.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
/** One burst, and the chain verified after it. */
async function measure(label: string, size: BurstSize, codePrefix: string) {
  const items = await findItems(db, { page: 1, pageSize: size.itemUpdates, sort: 'code', order: 'asc' });
  const before = await verifyAudit(db);
  const burst = await fireAuditedBurst(servers, size, { editorCookie, itemsToUpdate: items, users: [editor], codePrefix });
  const unexpected = burst.statuses.filter((status, i) => status !== burst.expected[i]).length;
  const verifyStarted = performance.now();
  const after = await verifyAudit(db);
  const verifyMs = performance.now() - verifyStarted;
  const writes = burst.expected.length;
  console.log(
    `${serverUrl ? 'PostgreSQL' : 'PGlite'}, ${label}: ${writes} audited writes at once over ${SERVERS} app servers ` +
      `(${size.itemCreates} item creates, ${size.itemUpdates} updates, ${size.signIns} sign-ins, ${size.failedSignIns} failed): ` +
      `burst ${(burst.ms / 1000).toFixed(2)} s (${((writes / burst.ms) * 1000).toFixed(0)} writes/s), ${unexpected} unexpected statuses; ` +
      `then verify ok: ${after.ok}, ${after.rows - before.rows} new of ${after.rows} rows, in ${verifyMs.toFixed(0)} ms`,
  );
}

await measure('the test\'s mix', { itemCreates: 300, itemUpdates: 60, signIns: 40, failedSignIns: 20 }, 'MEZCLA');
// Without scrypt (sign-ins), what the chain's one lock allows.
await measure('formulary writes only', { itemCreates: 1000, itemUpdates: 200, signIns: 0, failedSignIns: 0 }, 'SOLO');

for (const server of servers) server.close();
for (const handle of handles) await handle.db.destroy();
await dropScratch();
