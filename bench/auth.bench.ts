// npm run bench:auth — measures what issue #3 promises and prints the figures (no assertions):
// sign-in latency, parallel guesses against the throttle, what the audit trail adds to a write,
// verifying a chain of 100,000 rows.
import { PGlite } from '@electric-sql/pglite';
import request from 'supertest';
import { migrateToLatest, openPglite, pgliteParsers } from '../db/database.ts';
import { createApp } from '../server/app.ts';
import { recordAudit, verifyAudit } from '../server/features/audit/audit.service.ts';
import { createUser } from '../server/features/users/users.service.ts';
import type { AuditVerification } from '../shared/auth.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const { db } = openPglite(await PGlite.create({ parsers: pgliteParsers }));
await migrateToLatest(db);
const app = createApp({ db, databaseKind: 'pglite' });
const credentials = { username: 'medicion', password: 'clave-de-medicion-larga' };
const user = await createUser(db, null, new Date(), { ...credentials, fullName: 'Medición', roles: ['viewer'] });

const signIns: number[] = [];
for (let i = 0; i < 20; i++) signIns.push(await time(() => request(app).post('/api/session').send(credentials).expect(200)));
console.log(`sign-in (POST /api/session, scrypt N=2^15): median ${median(signIns).toFixed(1)} ms over 20`);

// Parallel guesses for one user from one address: the count is taken before the password check.
const guessed = { username: 'rafaga', password: 'clave-de-rafaga-larga' };
await createUser(db, null, new Date(), { ...guessed, fullName: 'Ráfaga', roles: ['viewer'] });
let statuses: number[] = [];
const burst = await time(async () => {
  const responses = await Promise.all(
    Array.from({ length: 40 }, (_, i) => request(app).post('/api/session').send({ ...guessed, password: `equivocada-${i}` })),
  );
  statuses = responses.map((response) => response.status);
});
const checked = statuses.filter((status) => status === 401).length;
console.log(
  `40 parallel wrong guesses: ${checked} reached the password check, ${statuses.filter((status) => status === 429).length} got 429, ` +
    `all answered in ${burst.toFixed(0)} ms`,
);
// The same user is now locked from this address: what remains is the count alone, without scrypt.
const refusals: number[] = [];
for (let i = 0; i < 20; i++) refusals.push(await time(() => request(app).post('/api/session').send(guessed).expect(429)));
console.log(`refused sign-in (429, the attempt count without scrypt): median ${median(refusals).toFixed(1)} ms over 20`);

const context = { requestId: 'bench', clientAddress: '127.0.0.1', user: { id: user.id, username: user.username, fullName: '', roles: [] } };
const plain: number[] = [];
const audited: number[] = [];
for (let i = 0; i < 300; i++) {
  const write = (trx: typeof db) => trx.updateTable('users').set({ full_name: `Medición ${i}` }).where('id', '=', user.id).execute();
  plain.push(await time(() => db.transaction().execute((trx) => write(trx))));
  audited.push(
    await time(() =>
      db.transaction().execute(async (trx) => {
        await write(trx);
        await recordAudit(trx, context, new Date(), { action: 'update', entity: 'user', entityId: user.id, before: { i }, after: { i: i + 1 } });
      }),
    ),
  );
}
console.log(
  `a write: median ${median(plain).toFixed(2)} ms plain, ${median(audited).toFixed(2)} ms with its audit row ` +
    `(audit adds ${(median(audited) - median(plain)).toFixed(2)} ms) over 300`,
);

// Fill the trail to 100,000 rows in batches (the database chains each row as it goes in).
const existing = (await verifyAudit(db)).rows;
const at = new Date();
for (let done = existing; done < 100_000; ) {
  const rows = [];
  for (let i = 0; i < 5000 && done < 100_000; i++, done++) {
    rows.push({
      at, user_id: user.id, username: user.username, action: 'update' as const, entity: 'item', entity_id: String(done),
      before: '{"price":"1.00"}', after: '{"price":"1.01"}', request_id: null, client_address: '127.0.0.1',
    });
  }
  await db.insertInto('audit_log').values(rows).execute();
}
const verifyTimes: number[] = [];
let result: AuditVerification | undefined;
for (let i = 0; i < 3; i++) verifyTimes.push(await time(async () => (result = await verifyAudit(db))));
console.log(`verify over ${result!.rows} rows (ok: ${result!.ok}): median ${(median(verifyTimes) / 1000).toFixed(2)} s over 3`);
const anchored: number[] = [];
for (let i = 0; i < 3; i++) anchored.push(await time(() => verifyAudit(db, result!.head!)));
console.log(`verify with an anchor (row ${result!.head!.id}): median ${(median(anchored) / 1000).toFixed(2)} s over 3`);
await db.destroy();
