// npm run bench:formulary — measures what issue #4 promises and prints the figures (no
// assertions): dry run of a 20,000-row XLSX, peak memory during it, coverage of 20,000 items.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { migrateToLatest, openPglite, pgliteParsers } from '../db/database.ts';
import { seedDemoDataIfEmpty } from '../db/seed/demo-seed.ts';
import { importFormulary } from '../server/features/items/formulary-import.service.ts';
import { breakDownCoverage, listCoverageItems } from '../server/features/coverage/coverage.service.ts';
import { createProgramme } from '../server/features/programmes/programmes.service.ts';
import { uploadedFile } from '../test/support/sheet-files.ts';
import { generateFormularyXlsx } from './formulary-generator.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const { db } = openPglite(await PGlite.create({ parsers: pgliteParsers }));
await migrateToLatest(db);
await seedDemoDataIfEmpty(db);
const context = { requestId: 'bench', clientAddress: '127.0.0.1' };

const workbook = await generateFormularyXlsx(20_000);
console.log(`20,000-row XLSX: ${(workbook.length / 1024).toFixed(0)} KB`);
const file = uploadedFile(workbook, 'bench.xlsx');

const times: number[] = [];
let report;
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  report = await importFormulary(db, context, new Date(), file, { dryRun: true });
  times.push(performance.now() - started);
}
console.log(
  `dry run of 20,000 rows: median ${(median(times) / 1000).toFixed(2)} s over 3 (${report!.created} new, ${report!.errors.length} errors)`,
);

const applyStarted = performance.now();
await importFormulary(db, context, new Date(), file, { dryRun: false });
console.log(`applying it: ${((performance.now() - applyStarted) / 1000).toFixed(2)} s`);

// Put every new item in a copy of the demo programme (which itself stays closed), alternating
// channels, so coverage spans 20,919 items.
const demo = await db.selectFrom('programmes').select(['id', 'fiscal_year']).executeTakeFirstOrThrow();
const programme = await createProgramme(db, null, new Date(), { name: 'Bench coverage', fiscalYear: demo.fiscal_year + 1, copyFrom: demo.id });
await sql`
  insert into purchase_lines (programme_id, item_id, channel, segment, process, quantity, unit_price, amount)
  select ${programme.id}, id,
    case when id % 2 = 0 then 'minsa_corporate' else 'essalud' end,
    case when id % 2 = 0 then 'medicines' else null end,
    'reverse_auction', 100, 1.5, 150
  from items where code like 'GEN-%'
`.execute(db);

for (const by of ['supplyList', 'group', 'ven'] as const) {
  await breakDownCoverage(db, programme.id, by);
  const runs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await breakDownCoverage(db, programme.id, by);
    runs.push(performance.now() - started);
  }
  console.log(`coverage breakdown by ${by} over 20,919 items: median ${median(runs).toFixed(1)} ms over 20`);
}
const pageRuns: number[] = [];
for (let i = 0; i < 20; i++) {
  const started = performance.now();
  await listCoverageItems(db, programme.id, { status: 'essalud', page: 1, pageSize: 100 });
  pageRuns.push(performance.now() - started);
}
console.log(`coverage items page (status filter): median ${median(pageRuns).toFixed(1)} ms over 20`);
file.remove();
await db.destroy();

// Peak memory of a real server process (npm start) during the dry run, read from the kernel
// (VmHWM, reset after start-up), with the embedded database and with a PostgreSQL server.
async function serverPeakDuringImport(env: Record<string, string>): Promise<{ idle: number; peak: number }> {
  const port = 3941;
  const dataDir = mkdtempSync(join(tmpdir(), 'abastece-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), ABASTECE_ADMIN_PASSWORD: 'bench-admin-password', ...env },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())![1]) * 1024;
  const idle = kb('VmRSS');
  // Forget the start-up peak (migrations, seed, password hashing): what is measured is the import.
  writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
  const signIn = await fetch(`${base}/api/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
  });
  const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(workbook)]), 'petitorio.xlsx');
  form.append('dryRun', 'true');
  const response = await fetch(`${base}/api/items/import`, { method: 'POST', body: form, headers: { cookie } });
  if (!response.ok) throw new Error(`import answered ${response.status}`);
  const peak = kb('VmHWM');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
  return { idle, peak };
}

const embedded = await serverPeakDuringImport({ DATABASE_URL: '' });
console.log(`server process, embedded PGlite: ${mb(embedded.idle)} after start, peak ${mb(embedded.peak)} through a 20,000-row dry run`);
if (process.env.BENCH_DATABASE_URL) {
  const server = await serverPeakDuringImport({ DATABASE_URL: process.env.BENCH_DATABASE_URL });
  console.log(`server process, PostgreSQL server: ${mb(server.idle)} after start, peak ${mb(server.peak)} through a 20,000-row dry run`);
}
