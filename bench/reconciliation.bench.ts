// npm run bench:reconciliation — what issue 13 promises of a 1,000,000-row SAP export, in one run
// on one PostgreSQL server (figures printed and written to bench/RESULTS-reconciliation.md, never
// assertions):
//   a. a bare COPY of the file (COPY FROM STDIN through pg-copy-streams, CSV, `;`, WIN1252,
//      header) into a plain table of text columns, the export's: seconds and rows/s (median of
//      --copies runs);
//   b. the app's import of the same file through HTTP on a real server process (node
//      server/launch.js): POST …/executions/import (multipart, dryRun=false), then GET
//      /api/import-jobs/:id until the job is over; upload start to job done, rows/s, and ÷ COPY
//      (target ≥ 0.5); the server's peak memory (VmHWM reset before the upload, and VmRSS sampled
//      every 100 ms; target < 300 MB);
//   c. GET …/reconciliation over the million executed lines against the minimal SQL that computes
//      what it needs (executed per planned line, rolled up by channel, segment, process type and
//      process with planned sums, lines outside tolerance, and the unmatched), interleaved, median
//      of --runs (target ≤ 1.3 ×).
//
//   npm run bench:reconciliation [-- --rows=1000000 --items=25000 --runs=10 --copies=3 --import-timeout=900
//                                  --label=latest --keep-file --sources --setting=name=value]
// PostgreSQL at BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432), in a database of its own
// (abastece_bench_reconciliation_<pid>) that it drops at the end; the server on a free port (or
// BENCH_PORT), from its bundle (built first, as `npm start` runs it in production); --sources runs
// it through tsx; --setting=name=value sets a PostgreSQL setting on the database (an experiment).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ExecutionImportReport, ImportJobDto, ReconciliationSummary } from '../shared/reconciliation-api.ts';
import { plannedTargetsFromDatabase, seedBenchProgramme, writeBenchExport } from './sap-export-generator.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Map(process.argv.slice(2).map((arg) => {
  const [key, ...value] = arg.replace(/^--/, '').split('=');
  return [key!, value.join('=') || 'true'] as const;
}));
const ROWS = Number(args.get('rows') ?? 1_000_000);
const ITEMS = Number(args.get('items') ?? 25_000);
const RUNS = Number(args.get('runs') ?? 10);
const COPIES = Number(args.get('copies') ?? 3);
/** An import still running after this many seconds is cancelled (DELETE /api/import-jobs/:id) and reported as such. */
const IMPORT_TIMEOUT = Number(args.get('import-timeout') ?? 900);
const label = args.get('label') ?? 'latest';
const serverUrl = (process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
// Its own database and a free port, so that two runs (from two worktrees, say) cannot meet.
const DATABASE = `abastece_bench_reconciliation_${process.pid}`;
const PASSWORD = 'bench-admin-password';
const PORT = Number(process.env.BENCH_PORT ?? (await freePort()));
const base = `http://127.0.0.1:${PORT}`;
const report: string[] = [];

/** A port nothing listens on now (the kernel's choice). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function say(line = ''): void {
  console.log(line);
  report.push(line);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const perSecond = (rows: number, seconds: number) => `${Math.round(rows / seconds).toLocaleString('en')} rows/s`;
const met = (ok: boolean) => (ok ? 'met' : '**missed**');

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- the server

interface Server {
  child: ChildProcess;
  stop: () => Promise<void>;
}

async function startServer(databaseUrl: string): Promise<Server> {
  const child = spawn(process.execPath, ['server/launch.js'], {
    cwd: root,
    detached: true,
    env: { ...process.env, PORT: String(PORT), ABASTECE_ADMIN_PASSWORD: PASSWORD, DATABASE_URL: databaseUrl, DATA_DIR: '', ABASTECE_DEMO_DATA: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}

/** Resident memory of a process, and its peak since the last reset, from /proc. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function signIn(): Promise<string> {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

// ---------------------------------------------------------------- a. bare COPY

const copyColumns = [
  'purchasing_document', 'item', 'document_date', 'material', 'short_text', 'order_quantity', 'order_unit',
  'net_price', 'price_unit', 'net_order_value', 'currency', 'vendor', 'vendor_name', 'plant', 'process_code',
];

/**
 * Seconds to COPY the file (pg-copy-streams, as the app copies, fed from a file stream) into a plain
 * table of the export's columns, as text (as the file writes them). The table stays, filled, until
 * the import is over (see executedLinesFromCopy).
 */
async function bareCopy(client: pg.Client, file: string): Promise<number[]> {
  await client.query(`create table sap_export_copy (${copyColumns.map((column) => `${column} text`).join(', ')})`);
  const times: number[] = [];
  for (let run = 0; run < COPIES; run++) {
    await client.query('truncate sap_export_copy');
    const started = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom(`copy sap_export_copy from stdin with (format csv, delimiter ';', header true, encoding 'WIN1252')`)));
    times.push((performance.now() - started) / 1000);
  }
  const { rows: [count] } = await client.query<{ n: number }>('select count(*)::int as n from sap_export_copy');
  if (count!.n !== ROWS) throw new Error(`COPY loaded ${count!.n} rows, not ${ROWS}`);
  return times;
}

/**
 * When the app's import stored nothing, the summary is still measured: the copied rows become one
 * batch of executed lines in SQL (the file's numbers and dates converted), matched by the
 * contract's autoMatchExecutedLines. Marked as such in the results.
 */
async function executedLinesFromCopy(client: pg.Client, databaseUrl: string, programmeId: number): Promise<{ insert: number; analyze: number; match: number }> {
  const started = performance.now();
  const number = (column: string) => `replace(replace(nullif(${column}, ''), '.', ''), ',', '.')::numeric`;
  await client.query('begin');
  const { rows: [batch] } = await client.query<{ id: number }>(`
    insert into execution_batches (programme_id, file_name, sha256, rows, amount, imported_at)
    values ($1, 'sap_export_copy', repeat('0', 64), $2, 0, now()) returning id`, [programmeId, ROWS]);
  await client.query(`
    insert into executed_lines (batch_id, programme_id, row_number, purchasing_document, item, document_date, material,
      process_code, short_text, order_quantity, order_unit, net_price, price_unit, net_order_value, currency, vendor, vendor_name, plant)
    select $1, $2, 1 + row_number() over (), purchasing_document, item, to_date(document_date, 'DD.MM.YYYY'), material,
      nullif(process_code, ''), short_text, ${number('order_quantity')}, order_unit, ${number('net_price')}, ${number('price_unit')},
      ${number('net_order_value')}, currency, vendor, vendor_name, plant
    from sap_export_copy`, [batch!.id, programmeId]);
  await client.query('update execution_batches set amount = (select sum(amount) from executed_lines where batch_id = $1) where id = $1', [batch!.id]);
  await client.query('commit');
  const inserted = performance.now();
  // Statistics of the million new rows first: planned on an empty table's, matching never ends.
  await client.query('analyze executed_lines');
  const analyzed = performance.now();
  const { openPostgres } = await import('../db/database.ts');
  const { autoMatchExecutedLines } = await import('../server/features/reconciliation/matching.repository.ts');
  const handle = openPostgres(databaseUrl, 1);
  try {
    await autoMatchExecutedLines(handle.db, programmeId, batch!.id);
  } finally {
    await handle.db.destroy();
  }
  return { insert: (inserted - started) / 1000, analyze: (analyzed - inserted) / 1000, match: (performance.now() - analyzed) / 1000 };
}

// ---------------------------------------------------------------- b. the app's import

interface ImportRun {
  seconds: number;
  status: string;
  report: ExecutionImportReport | null;
  /** Seconds from the upload's start at which each phase was first seen. */
  phases: [string, number][];
  peak: number;
  sampledPeak: number;
  before: number;
  detail: string;
}

async function importThroughApi(server: Server, programmeId: number, cookie: string, file: string): Promise<ImportRun> {
  const pid = server.child.pid!;
  const before = memoryOf(pid).rss;
  writeFileSync(`/proc/${pid}/clear_refs`, '5'); // VmHWM from here on
  let sampledPeak = 0;
  const sampler = setInterval(() => {
    try {
      sampledPeak = Math.max(sampledPeak, memoryOf(pid).rss);
    } catch {
      // the server is gone: the import's answer says why
    }
  }, 100);
  const phases: [string, number][] = [];
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  try {
    const form = new FormData();
    form.append('dryRun', 'false');
    form.append('file', await openAsBlob(file, { type: 'text/csv' }), `me2n-${ROWS}.csv`);
    const response = await fetch(`${base}/api/programmes/${programmeId}/executions/import`, { method: 'POST', headers: { cookie }, body: form });
    const text = await response.text();
    phases.push([`answered ${response.status}`, elapsed()]);
    let job: ImportJobDto | null = null;
    if (response.status === 202) {
      job = JSON.parse(text) as ImportJobDto;
      const location = response.headers.get('location') ?? `/api/import-jobs/${job.id}`;
      let cancelled = false;
      let phase = '';
      while (job.status === 'running') {
        if (job.phase !== phase) phases.push([(phase = job.phase), elapsed()]);
        if (!cancelled && elapsed() > IMPORT_TIMEOUT) {
          phases.push([`cancelled by the bench (${job.phase}, ${job.rowsRead.toLocaleString('en')} rows read)`, elapsed()]);
          const cancel = await fetch(`${base}${location}`, { method: 'DELETE', headers: { cookie } });
          if (!cancel.ok) phases.push([`DELETE answered ${cancel.status}`, elapsed()]);
          cancelled = true;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
        const poll = await fetch(`${base}${location}`, { headers: { cookie } });
        if (!poll.ok) throw new Error(`GET ${location}: ${poll.status} ${await poll.text()}`);
        job = (await poll.json()) as ImportJobDto;
      }
    } else if (!response.ok) {
      return { seconds: elapsed(), status: `HTTP ${response.status}`, report: null, phases, peak: memoryOf(pid).peak, sampledPeak, before, detail: text.slice(0, 2000) };
    }
    const seconds = elapsed();
    const report = job ? job.report : (JSON.parse(text) as ExecutionImportReport);
    const status = job?.status ?? (report?.applied ? 'succeeded' : `HTTP ${response.status}, not applied`);
    // The figures, without the column lists and with the first few errors and warnings.
    const detail = JSON.stringify(job?.problem ?? { ...report, columns: undefined, expectedColumns: undefined, errors: report?.errors.slice(0, 5), warnings: report?.warnings.slice(0, 3) });
    return { seconds, status, report, phases, peak: memoryOf(pid).peak, sampledPeak, before, detail };
  } finally {
    clearInterval(sampler);
  }
}

// ---------------------------------------------------------------- c. the summary and its SQL

/**
 * What GET …/reconciliation needs, as the minimal SQL, in one statement: one pass over the
 * executed lines (per planned line, the unmatched as the null group), each planned line's variance
 * against the tolerance, rolled up by channel, segment, type and process with the process's code,
 * title and status; and the unmatched executed lines' count and amount.
 */
function summarySql(programmeId: number): string {
  return `
    with executed as (
      select purchase_line_id, sum(amount) as amount, count(*) as lines
      from executed_lines where programme_id = ${programmeId}
      group by purchase_line_id
    ),
    tolerance as (
      select coalesce(max(amount), 0) as amount, coalesce(max(percent), 0) as percent
      from reconciliation_tolerances where programme_id = ${programmeId}
    ),
    per_line as (
      select l.channel, l.segment, l.process, x.process_id, coalesce(l.amount, 0) as planned,
        coalesce(e.amount, 0) as executed, coalesce(e.lines, 0) as lines,
        abs(coalesce(e.amount, 0) - coalesce(l.amount, 0)) as gap
      from purchase_lines l
      left join executed e on e.purchase_line_id = l.id
      left join process_lines x on x.purchase_line_id = l.id and not x.released
      where l.programme_id = ${programmeId}
    )
    select false as unmatched, n.channel, n.segment, n.process, n.process_id, p.code, p.title, p.status, n.planned, n.executed,
      n.planned_lines, n.executed_lines, n.unexecuted, n.outside
    from (
      select channel, segment, process, process_id, sum(planned) as planned, sum(executed) as executed,
        count(*) as planned_lines, sum(lines) as executed_lines, count(*) filter (where lines = 0) as unexecuted,
        count(*) filter (where gap > t.amount or (planned <> 0 and round(gap * 100 / planned, 2) > t.percent)) as outside
      from per_line cross join tolerance t
      group by grouping sets ((), (channel), (channel, segment), (channel, segment, process), (channel, segment, process, process_id))
    ) n
    left join procurement_processes p on p.id = n.process_id
    union all
    select true, null, null, null, null, null, null, null, 0, amount, 0, lines, 0, 0 from executed where purchase_line_id is null`;
}

async function timeApi(path: string, cookie: string): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { headers: { cookie } });
  const body = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${body.slice(0, 500)}`);
  return { ms: performance.now() - started, body };
}

async function timeSql(client: pg.Client, text: string): Promise<{ ms: number; rows: Record<string, unknown>[] }> {
  const started = performance.now();
  const { rows } = await client.query(text);
  return { ms: performance.now() - started, rows };
}

// ---------------------------------------------------------------- run

const runStarted = performance.now();
const cpu = cpus();
say(`## Run "${label}": ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
say();
const postgresVersion = spawnSync('psql', [`${serverUrl}/postgres`, '-tAc', 'show server_version'], { encoding: 'utf8' }).stdout.trim();
say(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1073741824).toFixed(0)} GB RAM, Node ${process.version}, ` +
  `git ${spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim()}; PostgreSQL ${postgresVersion} on the same machine. ` +
  `Shared with other work (load average ${loadavg()[0]!.toFixed(1)} at the start): figures vary with it.`);
say();

// As `npm start` runs in production: the prebuilt bundle (server/launch.js runs dist/server.js when
// it is newer than every source), unless --sources asks for the TypeScript sources through tsx.
const bundled = args.get('sources') !== 'true' && spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' }).status === 0;
say(`Server: \`node server/launch.js\` on ${bundled ? 'the bundle (`npm run build:server` first)' : 'the sources through tsx'}, DATABASE_URL to a fresh database on that server.`);
say();

await adminQuery(`drop database if exists ${DATABASE} with (force)`);
await adminQuery(`create database ${DATABASE}`);
// An experiment, not the app as shipped: --setting=name=value for every session of the database
// (enable_nestloop=off, say, to see what an import costs with a plan that does not depend on statistics).
const setting = args.get('setting');
if (setting) {
  const [name, value] = setting.split('=');
  if (!/^[a-z_]+$/.test(name ?? '') || !/^[\w.]+$/.test(value ?? '')) throw new Error(`--setting=${setting}: name=value`);
  await adminQuery(`alter database ${DATABASE} set ${name} = '${value}'`);
  say(`**Experiment: \`${name} = ${value}\` set on the bench database for every session** (app and bench alike).`);
  say();
}
const databaseUrl = `${serverUrl}/${DATABASE}`;
const directory = mkdtempSync(join(tmpdir(), 'abastece-bench-reconciliation-'));
const file = join(directory, `me2n-${ROWS}.csv`);
let server: Server | null = null;
const client = new pg.Client({ connectionString: databaseUrl });
// A connection ended from outside (the database dropped under the run) fails the query at hand.
client.on('error', (error) => console.error(`bench connection: ${error.message}`));
const figures: string[] = [];
try {
  // The server migrates the empty database as it starts.
  server = await startServer(databaseUrl);
  await client.connect();
  let started = performance.now();
  const seeded = await seedBenchProgramme(client, ITEMS, 'Conciliación bench');
  const planned = await plannedTargetsFromDatabase(client, seeded.programmeId);
  const seededSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const written = await writeBenchExport(file, ROWS, planned);
  const writtenSeconds = (performance.now() - started) / 1000;
  say(`Programme: ${ITEMS.toLocaleString('en')} items, ${seeded.lines.toLocaleString('en')} planned lines in ${seeded.processes.toLocaleString('en')} processes (seeded set-based in ${seededSeconds.toFixed(1)} s). ` +
    `Export: ${written.rows.toLocaleString('en')} rows, ${mb(written.bytes)}, Spanish headings, \`;\`, decimal comma, dd.mm.yyyy, Windows-1252 ` +
    `(bench/sap-export-generator.ts, streamed in ${writtenSeconds.toFixed(1)} s); one row in 50 names a material no item has.`);
  say();

  // a.
  const copyTimes = await bareCopy(client, file);
  const copySeconds = median(copyTimes);
  say(`a. Bare COPY: \`COPY … FROM STDIN\` (pg-copy-streams, from a file stream) into a table of ${copyColumns.length} text columns (CSV, \`;\`, WIN1252, header), ${COPIES} runs: ${copyTimes.map((t) => `${t.toFixed(2)} s`).join(', ')}.`);
  figures.push(`| bare COPY (median of ${COPIES}) | ${copySeconds.toFixed(2)} s, ${perSecond(ROWS, copySeconds)} | | |`);

  // b.
  const cookie = await signIn();
  const loadBefore = loadavg()[0]!;
  const imported = await importThroughApi(server, seeded.programmeId, cookie, file);
  say();
  say(`b. App import: POST …/executions/import (multipart from fs.openAsBlob, dryRun=false), then GET /api/import-jobs/:id every 250 ms until over. ` +
    `Load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after. Status: ${imported.status}; phases first seen at ${imported.phases.map(([phase, at]) => `${phase} ${at.toFixed(1)} s`).join(', ')}; done at ${imported.seconds.toFixed(1)} s.`);
  say();
  say(`Outcome: \`${imported.detail.slice(0, 2000)}\``);
  const succeeded = imported.report?.applied === true;
  const storedLines = async () => (await client.query<{ n: number; matched: number }>(
    'select count(*)::int as n, count(purchase_line_id)::int as matched from executed_lines where programme_id = $1', [seeded.programmeId])).rows[0]!;
  let stored = await storedLines();
  say();
  say(`Executed lines stored by the import: ${stored.n.toLocaleString('en')} (${stored.matched.toLocaleString('en')} matched to a planned line). ` +
    `Server RSS before the upload ${mb(imported.before)}.`);
  let fromCopy = false;
  if (stored.n === 0) {
    const loaded = await executedLinesFromCopy(client, databaseUrl, seeded.programmeId);
    stored = await storedLines();
    fromCopy = true;
    say();
    say(`**The import stored nothing**, so for c. the COPY table's rows were converted into one batch in SQL (insert … select, ${loaded.insert.toFixed(1)} s; ` +
      `analyze ${loaded.analyze.toFixed(1)} s) and matched by autoMatchExecutedLines (${loaded.match.toFixed(1)} s): ` +
      `${stored.n.toLocaleString('en')} executed lines, ${stored.matched.toLocaleString('en')} matched.`);
  }
  await client.query('drop table sap_export_copy');
  const ratio = copySeconds / imported.seconds;
  const peak = Math.max(imported.peak, imported.sampledPeak);
  figures.push(succeeded
    ? `| app import, upload start to job done | ${imported.seconds.toFixed(2)} s, ${perSecond(ROWS, imported.seconds)} | ≥ 0.5 × COPY | ${ratio.toFixed(2)} × COPY: ${met(ratio >= 0.5)} |`
    : `| app import | not applied: ${imported.status} after ${imported.seconds.toFixed(2)} s | ≥ 0.5 × COPY | **not measured** |`);
  figures.push(`| app server peak memory during the import | VmHWM ${mb(imported.peak)}, highest VmRSS sampled every 100 ms ${mb(imported.sampledPeak)} | < 300 MB | ${met(peak < 300 * 1048576)} |`);

  // c.
  if (stored.n > 0) {
    await client.query('vacuum (analyze) executed_lines');
    const path = `/api/programmes/${seeded.programmeId}/reconciliation`;
    const text = summarySql(seeded.programmeId);
    const warmSql = await timeSql(client, text);
    const sqlTotal = warmSql.rows.find((row) => !row.unmatched && row.channel === null)!;
    const warm = await fetch(`${base}${path}`, { headers: { cookie } });
    const warmBody = await warm.text();
    const sqlTimes: number[] = [];
    say();
    if (!warm.ok) {
      for (let run = 0; run < RUNS; run++) sqlTimes.push((await timeSql(client, text)).ms);
      say(`c. Summary over ${stored.n.toLocaleString('en')} executed lines${fromCopy ? ' (loaded from the COPY table, not by the import)' : ''}: ` +
        `**GET ${path.replace(/\/api\/programmes\/\d+/, '/api/programmes/:id')} answered ${warm.status}**: \`${warmBody.slice(0, 500)}\`. ` +
        `The minimal SQL alone, ${RUNS} runs: ${sqlTimes.map((t) => t.toFixed(0)).join(', ')} ms (planned ${sqlTotal.planned}, executed ${sqlTotal.executed}).`);
      figures.push(`| GET …/reconciliation | answered ${warm.status} | | **not measured** |`);
      figures.push(`| minimal SQL aggregate (median of ${RUNS}) | ${median(sqlTimes).toFixed(1)} ms | | |`);
    } else {
      const summary = JSON.parse(warmBody) as ReconciliationSummary;
      const agrees = summary.totals.executed === sqlTotal.executed && summary.totals.planned === sqlTotal.planned;
      const api: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        // Alternating which goes first.
        if (run % 2 === 1) sqlTimes.push((await timeSql(client, text)).ms);
        api.push((await timeApi(path, cookie)).ms);
        if (run % 2 === 0) sqlTimes.push((await timeSql(client, text)).ms);
      }
      const a = median(api);
      const s = median(sqlTimes);
      say(`c. Summary over ${stored.n.toLocaleString('en')} executed lines${fromCopy ? ' (loaded from the COPY table, not by the import)' : ''} (after \`vacuum (analyze) executed_lines\`, as autovacuum leaves a bulk load), one warm-up each, then ${RUNS} runs interleaved: ` +
        `API ${api.map((t) => t.toFixed(0)).join(', ')} ms; SQL ${sqlTimes.map((t) => t.toFixed(0)).join(', ')} ms. ` +
        `Response ${(warmBody.length / 1024).toFixed(1)} KB, ${summary.rows.length} rows. Totals: API planned ${summary.totals.planned}, executed ${summary.totals.executed}; ` +
        `SQL planned ${sqlTotal.planned}, executed ${sqlTotal.executed}${agrees ? ' (agree)' : ' (**differ**)'}.`);
      figures.push(`| GET …/reconciliation (median of ${RUNS}) | ${a.toFixed(1)} ms | | |`);
      figures.push(`| minimal SQL aggregate (median of ${RUNS}) | ${s.toFixed(1)} ms | | |`);
      figures.push(`| summary ÷ SQL | ${(a / s).toFixed(2)} × | ≤ 1.3 × | ${met(a / s <= 1.3)} |`);
    }
  } else {
    say();
    say('c. Summary not measured: no executed lines were stored.');
  }
} catch (error) {
  say();
  say(`**Stopped:** ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
  await server?.stop();
  if (args.get('keep-file') === 'true') console.log(`file kept: ${file}`);
  else rmSync(directory, { recursive: true, force: true });
  await adminQuery(`drop database if exists ${DATABASE} with (force)`);
}
say();
say('| measure | figure | target | result |');
say('|---|---|---|---|');
for (const line of figures) say(line);
say();
say(`Whole run: ${((performance.now() - runStarted) / 1000).toFixed(0)} s.`);

// RESULTS-reconciliation.md keeps one section per label; a run replaces its own and leaves the others.
const resultsPath = join(root, 'bench', 'RESULTS-reconciliation.md');
const begin = `<!-- run:${label} -->`;
const end = `<!-- /run:${label} -->`;
const section = `${begin}\n${report.join('\n')}\n${end}`;
const existing = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '# Reconciliation bench results\n\nWritten by `npm run bench:reconciliation` (bench/reconciliation.bench.ts).\n';
const at = existing.indexOf(begin);
const updated = at >= 0 ? existing.slice(0, at) + section + existing.slice(existing.indexOf(end) + end.length) : `${existing.trimEnd()}\n\n${section}\n`;
writeFileSync(resultsPath, updated);
console.log(`\nwritten to ${resultsPath}`);
