// npm run bench:import — what an import costs everybody else, and what hostile files cost the
// server (figures printed, no assertions). A real server process (npm start, embedded PGlite)
// receives a 20 MB upload it refuses once it has arrived (what holding the upload costs), then
// imports a 20 MB CSV and a 50,000-row XLSX while /api/health is polled every 10 ms; then three
// hostile XLSX files go through it. Peak RSS is the kernel's VmHWM, reset before each file.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';
import pg from 'pg';
import { sheetHeaders, sheetKeys } from '../shared/formulary-sheet.ts';
import {
  SHARED_STRINGS_PART,
  SHEET_PART,
  inlineCell,
  inlineRow,
  sheetXml,
  workbookParts,
  xlsx,
  zip,
  type DeflatedZipEntry,
} from '../test/support/xlsx-builder.ts';
import { generateFormularyRows, generateFormularyXlsx } from './formulary-generator.ts';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const header = sheetKeys.map((key) => sheetHeaders[key]);

// --- The files --------------------------------------------------------------------------------

/** 50,000 items with a notes column import ignores, filled up to just under the 20 MB upload limit. */
function largeCsv(): Buffer {
  const lines = generateFormularyRows(50_000).map((row) => row.join(';'));
  const bytes = Buffer.byteLength(lines.join('\r\n'));
  const notesLength = Math.floor((20 * 1024 * 1024 - 64 * 1024 - bytes) / lines.length) - 1;
  const notes = 'Nota de la farmacia sobre el almacenamiento y el uso del item en el hospital. '.repeat(20).slice(0, notesLength);
  return Buffer.from([[...header, 'Observaciones'].join(';'), ...lines.map((line) => `${line};${notes}`)].join('\r\n'));
}

/** A part deflated as a stream, so gigabytes of XML are never held. */
async function deflatedPart(name: string, pieces: Iterable<Buffer>): Promise<DeflatedZipEntry> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  let crc = 0;
  let size = 0;
  for (const piece of pieces) {
    crc = crc32(piece, crc);
    size += piece.length;
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  const ended = once(deflate, 'end'); // the last compressed bytes come after 'finish'
  deflate.end();
  await ended;
  return { name, deflated: Buffer.concat(out), crc, declaredSize: size };
}

function* repeated(open: string, filler: Buffer, times: number, close: string): Generator<Buffer> {
  yield Buffer.from(open);
  for (let i = 0; i < times; i++) yield filler;
  yield Buffer.from(close);
}

async function hostileFiles(): Promise<{ name: string; file: Buffer }[]> {
  const columns = xlsx({
    sheetData: inlineRow(header, 1) + Array.from({ length: 2_000 }, (_, i) => `<row r="${i + 2}">${inlineCell('x', `XFD${i + 2}`)}</row>`).join(''),
  });
  const megabyte = Buffer.alloc(1024 * 1024, 'A');
  const longString = zip([
    ...workbookParts(true),
    {
      name: SHEET_PART,
      data: sheetXml(inlineRow(header, 1) + Array.from({ length: 60 }, (_, i) => `<row r="${i + 2}"><c r="B${i + 2}" t="s"><v>0</v></c></row>`).join('')),
    },
    await deflatedPart(SHARED_STRINGS_PART, repeated('<sst><si><t>', megabyte, 100, '</t></si></sst>')),
  ]);
  const [open, close] = sheetXml(`${inlineRow(header, 1)}\u0000`).split('\u0000') as [string, string];
  const bombSheet = await deflatedPart(SHEET_PART, repeated(open, Buffer.alloc(1024 * 1024, ' '), 2_047, close));
  const bomb = zip([...workbookParts(false), bombSheet]);
  // The same bomb, its headers claiming 10 KB: caught as it inflates, not up front.
  const lyingBomb = zip([...workbookParts(false), { ...bombSheet, declaredSize: 10_000 }]);
  return [
    { name: `2,000 rows with one cell in column XFD (${(columns.length / 1024).toFixed(0)} KB)`, file: columns },
    { name: `one 100 MB shared string in 60 cells (${(longString.length / 1024).toFixed(0)} KB)`, file: longString },
    { name: `inflates to 2 GB, declared (${mb(bomb.length)})`, file: bomb },
    { name: `inflates to 2 GB, declaring 10 KB (${mb(lyingBomb.length)})`, file: lyingBomb },
  ];
}

async function freshPostgresDatabase(serverUrl: string | undefined): Promise<string | undefined> {
  if (!serverUrl) return undefined;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query('drop database if exists abastece_bench_import with (force)');
  await admin.query('create database abastece_bench_import');
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = '/abastece_bench_import';
  return url.toString();
}

// --- The server ---------------------------------------------------------------------------------

/** A free port, so runs beside other servers (or other runs) never collide. */
const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address() as { port: number };
    probe.close(() => resolve(free));
  });
});
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'abastece-bench-'));
// BENCH_DATABASE_URL=postgres://…/postgres runs the same against a fresh database on that server.
const databaseUrl = await freshPostgresDatabase(process.env.BENCH_DATABASE_URL);
console.log(`database: ${databaseUrl ? 'PostgreSQL' : 'PGlite (embedded)'}`);
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), ABASTECE_ADMIN_PASSWORD: 'bench-admin-password', DATABASE_URL: databaseUrl ?? '' },
  stdio: 'ignore',
});
for (;;) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const procStatus = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024;
const signIn = await fetch(`${base}/api/session`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password: 'bench-admin-password' }),
});
const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;

interface Measured {
  status: number;
  detail: string;
  /** From sending the request to the last byte of the answer. */
  elapsed: number;
  healthMax: number;
  healthP99: number;
  healthCount: number;
  healthFailed: number;
  peakRss: number;
  rssBefore: number;
}

/**
 * One import while /api/health is polled every 10 ms. A poll is skipped while the previous one is
 * still waiting, so a latency is what one user waits, not a queue the benchmark built itself.
 */
async function importMeasured(file: Buffer, name: string, dryRun: boolean, poll = true, fields: Record<string, string> = {}): Promise<Measured> {
  writeFileSync(`/proc/${child.pid}/clear_refs`, '5'); // VmHWM from here on
  const rssBefore = procStatus('VmRSS');
  const latencies: number[] = [];
  const polls: Promise<void>[] = [];
  let waiting = false;
  let failed = 0;
  const timer = setInterval(() => {
    if (waiting || !poll) return;
    waiting = true;
    const sent = performance.now();
    polls.push(
      fetch(`${base}/api/health`)
        .then((response) => response.arrayBuffer())
        .then(
          () => void latencies.push(performance.now() - sent),
          () => void failed++,
        )
        .finally(() => (waiting = false)),
    );
  }, 10);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  form.append('dryRun', String(dryRun));
  for (const [field, value] of Object.entries(fields)) form.append(field, value);
  const started = performance.now();
  const response = await fetch(`${base}/api/items/import`, { method: 'POST', body: form, headers: { cookie } });
  const body = (await response.json()) as { detail?: string };
  const elapsed = performance.now() - started;
  clearInterval(timer);
  await Promise.all(polls);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    status: response.status,
    detail: body.detail ?? '',
    elapsed,
    healthMax: sorted.at(-1) ?? 0,
    healthP99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    healthCount: sorted.length,
    healthFailed: failed,
    peakRss: procStatus('VmHWM'),
    rssBefore,
  };
}

const peak = (m: Measured) => `server peak RSS ${mb(m.peakRss)} (+${mb(m.peakRss - m.rssBefore)})`;
const health = (m: Measured) =>
  `/api/health max ${m.healthMax.toFixed(0)} ms, p99 ${m.healthP99.toFixed(0)} ms over ${m.healthCount} polls` +
  (m.healthFailed ? ` (${m.healthFailed} failed)` : '');

try {
  const idle: number[] = [];
  for (let i = 0; i < 50; i++) {
    const sent = performance.now();
    await (await fetch(`${base}/api/health`)).arrayBuffer();
    idle.push(performance.now() - sent);
  }
  idle.sort((a, b) => a - b);
  console.log(`server idle: RSS ${mb(procStatus('VmRSS'))}; /api/health median ${idle[25]!.toFixed(1)} ms, max ${idle.at(-1)!.toFixed(1)} ms over 50`);
  const csv = largeCsv();
  // A mapping that is not JSON is refused only once the whole form, file included, is read.
  const received = await importMeasured(csv, 'petitorio.csv', true, false, { mapping: '{no' });
  console.log(`CSV ${mb(csv.length)} upload, refused once received: ${received.status}; ${peak(received)}`);
  const workbook = await generateFormularyXlsx(50_000);
  for (const [label, file, name] of [
    [`CSV ${mb(csv.length)}, 50,000 rows`, csv, 'petitorio.csv'],
    [`XLSX ${mb(workbook.length)}, 50,000 rows`, workbook, 'petitorio.xlsx'],
  ] as const) {
    const alone = await importMeasured(file, name, true, false);
    const m = await importMeasured(file, name, true);
    console.log(
      `${label}, dry run: ${m.status} in ${seconds(alone.elapsed)} alone, ${seconds(m.elapsed)} while polled; ${health(m)}; ${peak(alone)}`,
    );
  }
  const applied = await importMeasured(csv, 'petitorio.csv', false);
  console.log(`CSV ${mb(csv.length)}, 50,000 new items applied: ${applied.status} in ${seconds(applied.elapsed)} while polled; ${health(applied)}`);
  const generating = performance.now();
  const hostile = await hostileFiles();
  console.log(`(hostile files generated in ${seconds(performance.now() - generating)})`);
  for (const { name, file } of hostile) {
    const m = await importMeasured(file, 'hostil.xlsx', true);
    console.log(`hostile XLSX, ${name}: ${m.status} in ${seconds(m.elapsed)} «${m.detail}»; ${health(m)}; ${peak(m)}`);
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
