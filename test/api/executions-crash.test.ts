// A real server process killed (SIGKILL) in the middle of an SAP import (issue 13): nothing of the
// batch remains (no batch, no line, no staging table), and the job, whose heartbeat stopped,
// reads `interrupted` from the next server.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { sql } from 'kysely';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportJobDto } from '../../shared/reconciliation-api.ts';
import { databaseConfigFromEnv, openDatabase } from '../../db/database.ts';
import { emptyDatabaseEnv } from '../support/test-database.ts';
import { encodeSapText, sapColumnsOf, sapHeaderLine, sapLine, type SapExportRow } from '../support/sap-files.ts';
import { exitWithin, freePort, killLeftovers, serverCommand, spawnChild, waitForHealth, waitUntil } from '../support/server-process.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  killLeftovers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ADMIN_PASSWORD = 'clave-de-la-prueba-de-caida';

/** An export of `count` rows written to a file as it is generated (never whole in memory). */
async function bigExport(path: string, count: number): Promise<void> {
  const row = (index: number): SapExportRow => ({
    purchasingDocument: String(4_500_000_000 + index),
    item: '00010',
    documentDate: '2012-03-15',
    material: String(10_000_000 + (index % 5_000)),
    shortText: `PARACETAMOL 500 MG TABLETA ${index % 97}`,
    orderQuantity: String(1 + (index % 5_000)),
    netPrice: `${1 + (index % 900)}.50`,
    priceUnit: '1',
    currency: 'PEN',
  });
  const columns = sapColumnsOf([row(0)]);
  const out = createWriteStream(path);
  out.write(encodeSapText(`${sapHeaderLine(columns)}\r\n`));
  for (let index = 0; index < count; index += 1_000) {
    let chunk = '';
    for (let at = index; at < Math.min(count, index + 1_000); at++) chunk += `${sapLine(row(at), columns)}\r\n`;
    if (!out.write(encodeSapText(chunk))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function startServer(env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const run = spawnChild(serverCommand, { ...env, PORT: String(port), ABASTECE_ADMIN_PASSWORD: ADMIN_PASSWORD });
  await waitForHealth(run, port);
  const agent = request.agent(`http://127.0.0.1:${port}`);
  await agent.post('/api/session').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
  return { run, agent };
}

describe('an import when its server is killed', () => {
  it('when the server is killed with SIGKILL mid-import, then nothing of the batch remains and the job reads interrupted', async () => {
    const { env, remove } = await emptyDatabaseEnv();
    cleanups.push(remove);
    const dir = await mkdtemp(join(tmpdir(), 'abastece-crash-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'ME2N-200k.csv');
    await bigExport(file, 200_000);

    const first = await startServer(env);
    const programme = (await first.agent.post('/api/programmes').send({ name: 'Ejecución 2012', fiscalYear: 2012 }).expect(201)).body as { id: number };
    // The upload's answer never comes: the server dies first.
    const upload = first.agent.post(`/api/programmes/${programme.id}/executions/import`).attach('file', file);
    upload.then(() => {}, () => {});
    let job: ImportJobDto | undefined;
    await waitUntil('the import is under way', async () => {
      const jobs = (await first.agent.get(`/api/programmes/${programme.id}/executions/import-jobs`).expect(200)).body as ImportJobDto[];
      job = jobs[0];
      return job !== undefined && job.status === 'running' && job.rowsRead > 0;
    }, 60_000);
    process.kill(-first.run.child.pid!, 'SIGKILL');
    await exitWithin(first.run, 10_000);

    const second = await startServer(env);
    expect((await second.agent.get(`/api/programmes/${programme.id}/executions/batches`).expect(200)).body).toEqual([]);
    await waitUntil('the job reads interrupted', async () => ((await second.agent.get(`/api/import-jobs/${job!.id}`).expect(200)).body as ImportJobDto).status === 'interrupted', 30_000);
    process.kill(-second.run.child.pid!, 'SIGTERM');
    await exitWithin(second.run, 15_000);

    const { db } = await openDatabase(databaseConfigFromEnv(env));
    try {
      const count = async (table: 'executed_lines' | 'execution_batches') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);
      expect(await count('executed_lines')).toBe(0);
      expect(await count('execution_batches')).toBe(0);
      // The killed session's temp tables go with it: on PostgreSQL once its backend notices; on
      // PGlite, whose one session reuses the same temporary schema, PostgreSQL empties that schema
      // when the next session first uses it (as the next import does).
      await sql`create temp table crash_probe (x integer)`.execute(db);
      await waitUntil('no staging table is left', async () => {
        const left = await sql<{ count: number }>`select count(*)::int as count from pg_class where relname ~ '^execution_(staging|converted|fixed|lines|problems)_'`.execute(db);
        return left.rows[0]!.count === 0;
      }, 30_000);
    } finally {
      await db.destroy();
    }
  }, 180_000);
});
