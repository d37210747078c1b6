// npm run bench:procurement — what issue 12 promises of a 20,000-line programme in 1,000 processes
// with awards, through HTTP on a real server, printed as figures (no assertions): GET savings and
// GET ocds (the whole release package, streamed), each against the minimal SQL that reads the same
// data, interleaved, median of the rounds; and the server's RSS while it streams the export.
// In-process (PGlite unless DATABASE_URL names a PostgreSQL server, whose database is then
// emptied: use a scratch one), so the RSS is the server's with its database. Appends its figures
// to bench/RESULTS-procurement.md.
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { migrateToLatest, openPglite, openPostgres, pgliteParsers, type DatabaseHandle } from '../db/database.ts';
import { createApp } from '../server/app.ts';
import { createUser } from '../server/features/users/users.service.ts';
import { isValidRuc } from '../shared/procurement.ts';
import { createPlanningProgramme, PLANNING_LINES as LINES } from './planning-programme.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 11);
const LINES_PER_PROCESS = 20;
const SUPPLIERS = 60;
const RESULTS = new URL('./RESULTS-procurement.md', import.meta.url);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function open(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) return openPglite(await PGlite.create({ parsers: pgliteParsers }));
  const handle = openPostgres(url);
  await sql`drop schema public cascade`.execute(handle.db);
  await sql`create schema public`.execute(handle.db);
  return handle;
}

/** `count` valid company RUCs (20…): ten digits, then SUNAT's check digit, found by trying the ten. */
function rucs(count: number): string[] {
  return Array.from({ length: count }, (_, n) => {
    const stem = `20${String(500_000_00 + n * 7919).padStart(8, '0')}`;
    return [...'0123456789'].map((digit) => stem + digit).find(isValidRuc)!;
  });
}

/**
 * 1,000 processes of 20 lines each, set-based: the lines of each kind (channel, segment, type) in
 * chunks of 20, each chunk a process whose status goes round the stages (most awarded, some
 * contracted, some only called, deserted or void), every line priced at its planned price and, in
 * awarded processes, awarded to one of 60 suppliers 5–15 % below. Every amount is computed as the
 * database checks it (round(quantity × price, 2)); the lines of deserted and void processes are
 * released, as the app leaves them.
 */
async function arrangeProcesses(db: Kysely<Database>, programmeId: number): Promise<number> {
  await db.insertInto('suppliers').values(rucs(SUPPLIERS).map((ruc, n) => ({ ruc, name: `Droguería de prueba ${n + 1} S.A.C.` }))).execute();
  await sql`
    with ranked as (
      select id, channel, segment, process,
        (row_number() over (partition by channel, segment, process order by id) - 1) / ${LINES_PER_PROCESS} as chunk
      from purchase_lines where programme_id = ${programmeId}
    ),
    chunks as (
      select channel, segment, process, chunk, row_number() over (order by channel, segment, process, chunk) as n
      from (select distinct channel, segment, process, chunk from ranked) as kinds
    )
    insert into procurement_processes (programme_id, code, title, channel, segment, type, status, called_on, awarded_on, contracted_on)
    select ${programmeId}, concat_ws('-', 'BENCH', process, channel, segment, chunk), concat('Proceso de prueba ', n), channel, segment, process, status,
      case when status <> 'programado' then date '2027-02-01' end,
      case when status in ('adjudicado', 'consentido', 'contratado') then date '2027-03-15' end,
      case when status = 'contratado' then date '2027-04-30' end
    from chunks,
      lateral (select (array['adjudicado', 'consentido', 'contratado', 'contratado', 'adjudicado', 'convocado', 'programado', 'desierto', 'contratado', 'nulo'])[n % 10 + 1] as status) as s
  `.execute(db);
  await sql`
    insert into process_status_changes (process_id, from_status, to_status, at)
    select id, null, status, created_at from procurement_processes where programme_id = ${programmeId}
  `.execute(db);
  await sql`
    with ranked as (
      select id, channel, segment, process, quantity, unit_price,
        (row_number() over (partition by channel, segment, process order by id) - 1) / ${LINES_PER_PROCESS} as chunk
      from purchase_lines where programme_id = ${programmeId}
    ),
    placed as (
      select ranked.*, p.id as process_id, p.status,
        p.status in ('adjudicado', 'consentido', 'contratado') as awarded,
        round(ranked.unit_price * (0.85 + (ranked.id % 11) / 100.0), 4) as awarded_unit_price
      from ranked
      join procurement_processes p on p.programme_id = ${programmeId}
        and p.code = concat_ws('-', 'BENCH', ranked.process, ranked.channel, ranked.segment, ranked.chunk)
    )
    insert into process_lines (process_id, purchase_line_id, released, quantity, reference_unit_price, reference_amount,
      supplier_id, awarded_unit_price, awarded_quantity, awarded_amount)
    select process_id, id, status in ('desierto', 'nulo'), quantity, unit_price, round(quantity * unit_price, 2),
      case when awarded then (select min(id) from suppliers) + (process_id + id % 3) % ${SUPPLIERS} end,
      case when awarded then awarded_unit_price end,
      case when awarded then quantity end,
      case when awarded then round(quantity * awarded_unit_price, 2) end
    from placed
  `.execute(db);
  const { count } = await db.selectFrom('procurement_processes').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(count);
}

const handle = await open();
const { db } = handle;
await migrateToLatest(db);
console.log(`database: ${handle.kind}, ${ROUNDS} rounds`);

let started = performance.now();
const programme = await createPlanningProgramme(db);
const processes = await arrangeProcesses(db, programme.id);
const arrangeSeconds = (performance.now() - started) / 1000;
console.log(`arranged ${LINES.toLocaleString('en')} lines (services) in ${processes.toLocaleString('en')} processes (set-based) in ${arrangeSeconds.toFixed(1)} s`);
if (handle.kind === 'postgres') await sql`vacuum analyze`.execute(db);

await createUser(db, null, new Date(), { username: 'bench', fullName: 'Bench', password: 'bench-password-123', roles: ['viewer'] });
const app = createApp({ db, databaseKind: handle.kind });
const server = app.listen(0);
// fetch reuses its connections: longer than the 5 s default, so none is closed just as it is reused.
server.keepAliveTimeout = 60_000;
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const signIn = await fetch(`${base}/api/session`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Origin: base },
  body: JSON.stringify({ username: 'bench', password: 'bench-password-123' }),
});
const headers = { Cookie: signIn.headers.get('set-cookie')!.split(';')[0]! };

async function get(path: string): Promise<string> {
  const response = await fetch(`${base}${path}`, { headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text;
}

/** The savings as the page shows them, in one statement: per process (first page), per type, per channel, in total. */
const minimalSavings = () => sql`
  with lines as (
    select p.id, p.code, p.type, p.channel, pl.reference_amount, pl.awarded_amount, pl.supplier_id is not null as awarded
    from procurement_processes p join process_lines pl on pl.process_id = p.id
    where p.programme_id = ${programme.id}
  )
  select 'process' as level, id::text as key, sum(reference_amount) filter (where awarded), sum(awarded_amount), count(*) filter (where not awarded)
    from (select * from lines where id in (select id from procurement_processes where programme_id = ${programme.id} order by code limit 100)) as page group by id
  union all select 'type', type, sum(reference_amount) filter (where awarded), sum(awarded_amount), count(*) filter (where not awarded) from lines group by type
  union all select 'channel', channel, sum(reference_amount) filter (where awarded), sum(awarded_amount), count(*) filter (where not awarded) from lines group by channel
  union all select 'total', null, sum(reference_amount) filter (where awarded), sum(awarded_amount), count(*) filter (where not awarded) from lines
`.execute(db);

/** Everything the export reads, in one statement: every process and its lines with item and supplier. */
const minimalOcds = () => sql`
  select p.id, p.code, p.title, p.channel, p.segment, p.type, p.status, p.called_on, p.awarded_on, p.contracted_on,
    pl.purchase_line_id, i.code as item_code, i.name, i.dosage_form, pl.quantity, pl.reference_unit_price, pl.reference_amount,
    s.ruc, s.name as supplier, pl.awarded_unit_price, pl.awarded_quantity, pl.awarded_amount
  from procurement_processes p
  join process_lines pl on pl.process_id = p.id and (not pl.released or p.status in ('desierto', 'nulo'))
  join purchase_lines l on l.id = pl.purchase_line_id
  join items i on i.id = l.item_id
  left join suppliers s on s.id = pl.supplier_id
  where p.programme_id = ${programme.id}
  order by p.id, i.code
`.execute(db);

/** The API call and its minimal SQL, interleaved round by round after a warm-up of each. */
async function compare(label: string, api: () => Promise<unknown>, minimal: () => Promise<unknown>) {
  await api();
  await minimal();
  const apiTimes: number[] = [];
  const sqlTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let begin = performance.now();
    await api();
    apiTimes.push(performance.now() - begin);
    begin = performance.now();
    await minimal();
    sqlTimes.push(performance.now() - begin);
  }
  const figures = { label, api: median(apiTimes), apiMax: Math.max(...apiTimes), sql: median(sqlTimes) };
  console.log(`${label}: API median ${ms(figures.api)} (max ${ms(figures.apiMax)}), minimal SQL median ${ms(figures.sql)}, ratio ${(figures.api / figures.sql).toFixed(2)}`);
  return figures;
}

const savingsPath = `/api/programmes/${programme.id}/savings`;
const ocdsPath = `/api/programmes/${programme.id}/ocds`;
const savings = await compare('GET savings', () => get(savingsPath), minimalSavings);

// The export's size and shape once, then its RSS: sampled every 10 ms while one export streams.
const sample = await get(ocdsPath);
const parsed = JSON.parse(sample) as { releases: { awards?: unknown[] }[] };
const size = Buffer.byteLength(sample);
console.log(`OCDS package: ${parsed.releases.length.toLocaleString('en')} releases, ${parsed.releases.filter((r) => r.awards).length} with awards, ${mb(size)}`);
const ocds = await compare('GET ocds', () => get(ocdsPath), minimalOcds);

async function rssDuring(work: () => Promise<unknown>) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  await work();
  clearInterval(timer);
  return { before, peak: Math.max(peak, process.memoryUsage().rss) };
}
/** A client that reads slowly: 64 KB at a time, 2 ms apart, so the server must wait on backpressure. */
async function slowRead(): Promise<number> {
  const response = await fetch(`${base}${ocdsPath}`, { headers });
  const reader = response.body!.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.length;
    if (bytes % (64 * 1024) < value.length) await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
const fast = await rssDuring(() => get(ocdsPath));
const slow = await rssDuring(slowRead);
console.log(`server RSS during the export: ${mb(fast.before)} before, peak ${mb(fast.peak)} (+${mb(fast.peak - fast.before)}); with a slow client ${mb(slow.before)} → ${mb(slow.peak)} (+${mb(slow.peak - slow.before)}); package ${mb(size)}`);

server.close();
await db.destroy();

const now = new Date().toISOString().slice(0, 16).replace('T', ' ');
const section = [
  `## ${now} UTC — ${handle.kind}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}, ${ROUNDS} rounds`,
  '',
  `${LINES.toLocaleString('en')} lines in ${processes.toLocaleString('en')} processes (arranged in ${arrangeSeconds.toFixed(0)} s).`,
  '',
  '| measure | API median (max) | minimal SQL median | ratio | target |',
  '|---|---|---|---|---|',
  `| GET savings | ${ms(savings.api)} (${ms(savings.apiMax)}) | ${ms(savings.sql)} | ${(savings.api / savings.sql).toFixed(2)} | < 200 ms |`,
  `| GET ocds (${parsed.releases.length.toLocaleString('en')} releases, ${mb(size)}) | ${ms(ocds.api)} (${ms(ocds.apiMax)}) | ${ms(ocds.sql)} | ${(ocds.api / ocds.sql).toFixed(2)} | < 2 s |`,
  '',
  `Server RSS (in-process, database included) during one export: ${mb(fast.before)} before, peak ${mb(fast.peak)} ` +
    `(+${mb(fast.peak - fast.before)}); read by a slow client: +${mb(slow.peak - slow.before)}. The package is ${mb(size)}.`,
  '',
].join('\n');
if (!existsSync(RESULTS)) {
  writeFileSync(
    RESULTS,
    '# Procurement bench results\n\n`npm run bench:procurement` (bench/procurement.bench.ts) appends a section per run. Issue 12, "Speed".\n\n',
  );
}
appendFileSync(RESULTS, `${section}\n`);
