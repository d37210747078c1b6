// npm run bench:api — each programme, coverage and items endpoint against the minimal SQL that
// returns the same answer, on the same PostgreSQL server, interleaved in one run; then req/s under
// load against pgbench running the same queries, the server's memory, the largest response, and
// PGlite's first and later starts. Prints the figures and writes them into bench/RESULTS.md.
//
//   npm run bench:api                     20,000 items / 40,000 lines, then 500,000 items / 1,000,000 lines
//   npm run bench:api -- --scale=small    only the 20,000-item formulary (about 2 minutes);
//                                         --scale=stress only the million lines
//   options: --label=NAME (the section of RESULTS.md written, default "latest"), --rounds=N (11),
//            --skip-compare, --skip-load, --skip-pglite
// Uses PostgreSQL at BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432), in databases of its
// own (abastece_bench_*) that it drops at the end. Figures, never assertions.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { generateProgramme } from './large-programme-generator.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Map(process.argv.slice(2).map((arg) => {
  const [key, value] = arg.replace(/^--/, '').split('=');
  return [key!, value ?? 'true'] as const;
}));
const scale = args.get('scale') ?? 'full';
const label = args.get('label') ?? 'latest';
const rounds = Number(args.get('rounds') ?? 11);
const serverUrl = (process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');
const PASSWORD = 'bench-admin-password';
const PORT = Number(process.env.BENCH_PORT ?? 3941);
const base = `http://127.0.0.1:${PORT}`;
const report: string[] = [];

function say(line = ''): void {
  console.log(line);
  report.push(line);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function createDatabase(name: string): Promise<string> {
  await adminQuery(`drop database if exists ${name} with (force)`);
  await adminQuery(`create database ${name}`);
  return `${serverUrl}/${name}`;
}

// ---------------------------------------------------------------- servers

interface Server {
  child: ChildProcess;
  /** The node process serving (npm's child when started through npm). */
  pid: number;
  secondsToHealthy: number;
  /** CPU time of the serving process (and npm's, through npm) until healthy. */
  cpuSeconds: number;
  stop: () => Promise<void>;
}

function nodePidUnder(pid: number): number {
  const path = `/proc/${pid}/task/${pid}/children`;
  const children = existsSync(path) ? readFileSync(path, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
  return children[0] ?? pid;
}

/** CPU time a process has used (user and system), from /proc: a start's cost whatever else the machine runs. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a process, and its peak, from /proc. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function startServer(env: Record<string, string>, viaNpm = false): Promise<Server> {
  const started = performance.now();
  const command = viaNpm ? ['npm', ['start']] as const : [process.execPath, ['--import', 'tsx', 'server/main.ts']] as const;
  const child = spawn(command[0], [...command[1]], {
    cwd: root,
    detached: true,
    env: { ...process.env, PORT: String(PORT), ABASTECE_ADMIN_PASSWORD: PASSWORD, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const secondsToHealthy = (performance.now() - started) / 1000;
  const pid = viaNpm ? nodePidUnder(child.pid!) : child.pid!;
  return {
    child,
    pid,
    secondsToHealthy,
    cpuSeconds: cpuSecondsOf(pid) + (pid === child.pid ? 0 : cpuSecondsOf(child.pid!)),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}

async function signIn(): Promise<{ cookie: string; tokenHash: string }> {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  const cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
  const token = decodeURIComponent(cookie.split('=')[1]!);
  return { cookie, tokenHash: createHash('sha256').update(token).digest('hex') };
}

// ---------------------------------------------------------------- endpoints and their minimal SQL

interface Endpoint {
  name: string;
  path: string;
  /** The statements that return the same answer, sent in one round trip (simple protocol). */
  sql: string;
}

const lineSelect = `pl.id, i.id as item_id, i.code, i.name, i.supply_list, i.oncology, pl.channel, pl.segment, pl.process,
  pl.quantity, pl.unit_price, pl.amount, pl.version`;

function endpoints(programmeId: number, tokenHash: string, nameKey: string): Endpoint[] {
  const p = programmeId;
  // Recognising the session is part of every answer: one query, user and roles with it.
  const session = `select s.last_seen_at, s.expires_at, u.id, u.username, u.full_name,
    coalesce((select array_agg(role order by role) from user_roles r where r.user_id = u.id), '{}') as roles
    from sessions s join users u on u.id = s.user_id where s.token_hash = '${tokenHash}' and u.active;`;
  const perItem = `select item_id, count(*) as lines,
      bool_or(channel = 'minsa_corporate' and process <> 'unscheduled') as minsa,
      bool_or(channel = 'essalud' and process <> 'unscheduled') as essalud
    from purchase_lines where programme_id = ${p} group by item_id`;
  const lines = (order: string) => `${session}
    select count(*) from purchase_lines where programme_id = ${p};
    select ${lineSelect} from purchase_lines pl join items i on i.id = pl.item_id
    where pl.programme_id = ${p} order by ${order}, i.code, pl.id limit 100;`;
  return [
    { name: 'programmes', path: '/api/programmes', sql: `${session} select id, name, fiscal_year, demo, version from programmes order by fiscal_year desc, name;` },
    {
      name: 'summary',
      path: `/api/programmes/${p}/summary`,
      sql: `${session}
        select id from programmes where id = ${p};
        select channel, segment, process, count(*)::int, sum(amount)::text from purchase_lines where programme_id = ${p} group by 1, 2, 3;
        select d.channel, d.segment, d.process, d.items, d.amount, s.id, s.title, s.reference from declared_figures d
          join source_documents s on s.id = d.source_document_id where d.scope = 'purchases' and d.programme_id = ${p};`,
    },
    { name: 'lines, by code', path: `/api/programmes/${p}/lines`, sql: lines('i.code') },
    { name: 'lines, by name', path: `/api/programmes/${p}/lines?sort=name`, sql: lines(nameKey) },
    { name: 'lines, by amount desc', path: `/api/programmes/${p}/lines?sort=amount&order=desc`, sql: lines('pl.amount desc nulls last') },
    {
      name: 'coverage',
      path: `/api/programmes/${p}/coverage`,
      sql: `${session}
        select id from programmes where id = ${p};
        with per_item as (${perItem})
        select i.supply_list, count(*) as items, coalesce(sum(c.lines), 0) as lines,
          count(*) filter (where c.item_id is null) as not_covered, count(*) filter (where c.minsa and c.essalud) as both
        from items i left join per_item c on c.item_id = i.id group by i.supply_list;
        with per_item as (${perItem})
        select i.id, i.code, i.name, i.supply_list, i.therapeutic_group, i.ven, i.oncology, i.active, c.lines
        from per_item c join items i on i.id = c.item_id where c.minsa and c.essalud order by i.code limit 10;`,
    },
    {
      name: 'coverage/items',
      path: `/api/programmes/${p}/coverage/items`,
      sql: `${session}
        select id from programmes where id = ${p};
        select count(*) from items;
        select i.id, i.code, i.name, i.supply_list, i.therapeutic_group, i.ven, i.oncology, i.active, c.*
        from items i cross join lateral (
          select count(*) as lines, bool_or(channel = 'minsa_corporate' and process <> 'unscheduled') as minsa,
            bool_or(channel = 'essalud' and process <> 'unscheduled') as essalud
          from purchase_lines pl where pl.programme_id = ${p} and pl.item_id = i.id) c
        order by i.code limit 100;`,
    },
    {
      name: 'coverage/breakdown by group',
      path: `/api/programmes/${p}/coverage/breakdown?by=group`,
      sql: `${session}
        select id from programmes where id = ${p};
        with per_item as (${perItem})
        select i.therapeutic_group, count(*) as items, coalesce(sum(c.lines), 0) as lines,
          count(*) filter (where c.item_id is null) as not_covered, count(*) filter (where c.minsa and c.essalud) as both,
          count(*) filter (where c.minsa and not coalesce(c.essalud, false)) as minsa_only,
          count(*) filter (where c.essalud and not coalesce(c.minsa, false)) as essalud_only,
          count(*) filter (where not c.minsa and not c.essalud) as unscheduled_only
        from items i left join per_item c on c.item_id = i.id group by i.therapeutic_group order by 1;`,
    },
    {
      name: 'items, by code',
      path: '/api/items',
      sql: `${session} select supply_list, count(*) from items group by supply_list;
        select id, code, name, dci, strength, dosage_form, supply_list, therapeutic_group, ven, oncology, active, version
        from items order by code limit 50;`,
    },
    {
      name: 'items, by name',
      path: '/api/items?sort=name',
      sql: `${session} select supply_list, count(*) from items group by supply_list;
        select id, code, name, dci, strength, dosage_form, supply_list, therapeutic_group, ven, oncology, active, version
        from items i order by ${nameKey}, code limit 50;`,
    },
  ];
}

/** The largest page each list gives (pageSize at its maximum), to find the largest response. */
const largestPages = (p: number) => [
  `/api/programmes/${p}/lines?pageSize=1000`,
  `/api/programmes/${p}/coverage?pageSize=1000`,
  `/api/programmes/${p}/coverage/items?pageSize=1000`,
  `/api/items?pageSize=1000`,
];

// ---------------------------------------------------------------- one scale

async function timeApi(path: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { headers: { cookie } });
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${Buffer.from(body).toString()}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

async function timeSql(client: pg.Client, text: string): Promise<number> {
  const started = performance.now();
  await client.query(text);
  return performance.now() - started;
}

async function nameSortKey(client: pg.Client): Promise<string> {
  const { rows } = await client.query(`select 1 from information_schema.columns where table_name = 'items' and column_name = 'name_key'`);
  return rows.length > 0 ? 'i.name_key' : 'fold_text(i.name)';
}

async function compareAtScale(items: number, database: string): Promise<void> {
  const started = performance.now();
  const url = await createDatabase(database);
  const server = await startServer({ DATABASE_URL: url, ABASTECE_DEMO_DATA: 'false' });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const generated = await generateProgramme(client, items, `Bench ${items}`);
    const setUp = (performance.now() - started) / 1000;
    const { cookie, tokenHash } = await signIn();
    const list = endpoints(generated.programmeId, tokenHash, await nameSortKey(client));
    say(`### ${items.toLocaleString('en')} items, programme of ${generated.lines.toLocaleString('en')} lines`);
    say();
    say(`Data generated and server started in ${setUp.toFixed(0)} s. ${rounds} rounds, API and SQL interleaved (alternating which goes first).`);
    say();
    // Warm-up: one of each, so that caches and plans are as a user's second request finds them.
    for (const endpoint of list) {
      await timeApi(endpoint.path, cookie);
      await timeSql(client, endpoint.sql);
    }
    const api = list.map(() => [] as number[]);
    const sqlTimes = list.map(() => [] as number[]);
    const bytes = list.map(() => 0);
    for (let round = 0; round < rounds; round++) {
      for (const [index, endpoint] of list.entries()) {
        const apiFirst = round % 2 === 0;
        if (!apiFirst) sqlTimes[index]!.push(await timeSql(client, endpoint.sql));
        const timed = await timeApi(endpoint.path, cookie);
        api[index]!.push(timed.ms);
        bytes[index] = timed.bytes;
        if (apiFirst) sqlTimes[index]!.push(await timeSql(client, endpoint.sql));
      }
    }
    say('| endpoint | API median | minimal SQL median | ratio | response |');
    say('|---|---:|---:|---:|---:|');
    for (const [index, endpoint] of list.entries()) {
      const a = median(api[index]!);
      const s = median(sqlTimes[index]!);
      say(`| ${endpoint.name} (\`${endpoint.path.replace(/\/api\/programmes\/\d+/, '…')}\`) | ${a.toFixed(1)} ms | ${s.toFixed(1)} ms | ${(a / s).toFixed(2)} × | ${(bytes[index]! / 1024).toFixed(1)} KB |`);
    }
    say();
    const largest: [string, number][] = [];
    for (const path of largestPages(generated.programmeId)) largest.push([path, (await timeApi(path, cookie)).bytes]);
    largest.sort((a, b) => b[1] - a[1]);
    say(`Largest response at the largest page size: ${mb(largest[0]![1])} (\`${largest[0]![0].replace(/\/api\/programmes\/\d+/, '…')}\`).`);
    const memory = memoryOf(server.pid);
    say(`App server (PostgreSQL) after the rounds: RSS ${mb(memory.rss)}, peak ${mb(memory.peak)}.`);
    say();
  } finally {
    await client.end();
    await server.stop();
    await adminQuery(`drop database if exists ${database} with (force)`);
  }
}

// ---------------------------------------------------------------- load: app vs pgbench, demo data

async function loadAgainstPgbench(): Promise<void> {
  const database = 'abastece_bench_demo';
  const url = await createDatabase(database);
  const server = await startServer({ DATABASE_URL: url, ABASTECE_DEMO_DATA: 'true' });
  const scriptDir = mkdtempSync(join(tmpdir(), 'abastece-pgbench-'));
  try {
    const { cookie, tokenHash } = await signIn();
    const programmes = (await (await fetch(`${base}/api/programmes`, { headers: { cookie } })).json()) as { id: number }[];
    const summary = endpoints(programmes[0]!.id, tokenHash, 'i.name').find((endpoint) => endpoint.name === 'summary')!;
    const seconds = 10;
    const connections = 10;
    const cpuBefore = cpuSecondsOf(server.pid);
    const cannon = await autocannon({ url: `${base}${summary.path}`, connections, duration: seconds, headers: { cookie } });
    // CPU the app process spent per request: its fixed cost, whatever else the machine runs.
    const cpuPerRequest = ((cpuSecondsOf(server.pid) - cpuBefore) / cannon.requests.total) * 1000;
    const memory = memoryOf(server.pid);
    const script = join(scriptDir, 'summary.sql');
    writeFileSync(script, `${summary.sql.replace(/\s+/g, ' ').replace(/; /g, ';\n')}\n`);
    const bench = spawnSync('pgbench', ['-n', '-c', String(connections), '-j', '2', '-T', String(seconds), '-f', script, url.replace('postgres://', 'postgresql://')], { encoding: 'utf8' });
    const tps = Number(/tps = ([\d.]+)/.exec(bench.stdout)?.[1] ?? Number.NaN);
    if (!Number.isFinite(tps)) throw new Error(`pgbench: ${bench.stderr}`);
    const errors = cannon.errors + cannon.non2xx;
    say('### Under load, demo data (Compra 2012), summary');
    say();
    say(`${connections} connections for ${seconds} s each, one app process on PostgreSQL; pgbench runs the same statements (session + summary), ${connections} clients, 2 threads.`);
    say();
    say('| measure | figure |');
    say('|---|---:|');
    say(`| app: GET …/summary | ${cannon.requests.average.toFixed(0)} req/s (p50 ${cannon.latency.p50} ms, p99 ${cannon.latency.p99} ms${errors ? `, ${errors} errors` : ''}) |`);
    say(`| pgbench: the same queries | ${tps.toFixed(0)} tps |`);
    say(`| app ÷ pgbench | ${(cannon.requests.average / tps).toFixed(2)} |`);
    say(`| app CPU per request (user + system) | ${cpuPerRequest.toFixed(2)} ms |`);
    say(`| app server RSS after the load | ${mb(memory.rss)} (peak ${mb(memory.peak)}) |`);
    say();
  } finally {
    rmSync(scriptDir, { recursive: true, force: true });
    await server.stop();
    await adminQuery(`drop database if exists ${database} with (force)`);
  }
}

// ---------------------------------------------------------------- PGlite starts

async function pgliteStarts(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abastece-bench-pglite-'));
  try {
    const env = { DATA_DIR: join(dataDir, 'data') };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));
    const first = await startServer(env, true);
    await settle();
    const firstMemory = memoryOf(first.pid);
    // A few requests, as a user's first page makes, before the memory is read again.
    const { cookie } = await signIn();
    for (const path of ['/api/programmes', '/api/programmes/1/summary', '/api/programmes/1/coverage', '/api/items']) await timeApi(path, cookie);
    const firstAfter = memoryOf(first.pid);
    await first.stop();
    const later: { seconds: number; cpu: number; rss: number; rssAfter: number }[] = [];
    for (let run = 0; run < 3; run++) {
      const server = await startServer(env, true);
      await settle();
      const rss = memoryOf(server.pid).rss;
      const signed = await signIn();
      for (const path of ['/api/programmes', '/api/programmes/1/summary', '/api/programmes/1/coverage', '/api/items']) await timeApi(path, signed.cookie);
      later.push({ seconds: server.secondsToHealthy, cpu: server.cpuSeconds, rss, rssAfter: memoryOf(server.pid).rss });
      await server.stop();
    }
    say('### Embedded PGlite, `npm start`, demo data');
    say();
    say(`Through \`npm start\`${existsSync(join(root, 'dist', 'server.js')) ? ' (dist/server.js present: the prebuilt server runs if it is up to date)' : ''}. ` +
      'CPU is what the server process (and npm) used until healthy: unlike wall time, it does not grow with what else the machine runs.');
    say();
    say('| start | to healthy | CPU to healthy | RSS when ready | RSS after a first page of requests | peak |');
    say('|---|---:|---:|---:|---:|---:|');
    say(`| first (empty data directory: initdb, migrate, seed) | ${first.secondsToHealthy.toFixed(2)} s | ${first.cpuSeconds.toFixed(2)} s | ${mb(firstMemory.rss)} | ${mb(firstAfter.rss)} | ${mb(firstAfter.peak)} |`);
    say(`| later (median of 3) | ${median(later.map((run) => run.seconds)).toFixed(2)} s | ${median(later.map((run) => run.cpu)).toFixed(2)} s | ${mb(median(later.map((run) => run.rss)))} | ${mb(median(later.map((run) => run.rssAfter)))} | |`);
    say(`| later, each | ${later.map((run) => `${run.seconds.toFixed(2)} s`).join(', ')} | ${later.map((run) => `${run.cpu.toFixed(2)} s`).join(', ')} | | | |`);
    say();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- run

const runStarted = performance.now();
const cpu = cpus();
say(`## Run "${label}": ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
say();
say(`Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1073741824).toFixed(0)} GB RAM, Node ${process.version}, ` +
  `git ${spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim()}, scale ${scale}. Shared with other work: figures vary by some 10–20 %.`);
say();
if (args.get('skip-compare') !== 'true') {
  if (scale !== 'stress') await compareAtScale(20_000, 'abastece_bench');
  if (scale !== 'small') await compareAtScale(500_000, 'abastece_bench_stress');
}
if (args.get('skip-load') !== 'true') await loadAgainstPgbench();
if (args.get('skip-pglite') !== 'true') await pgliteStarts();
say(`Whole run: ${((performance.now() - runStarted) / 1000).toFixed(0)} s.`);

// RESULTS.md keeps one section per label; a run replaces its own and leaves the others.
const resultsPath = join(root, 'bench', 'RESULTS.md');
const begin = `<!-- run:${label} -->`;
const end = `<!-- /run:${label} -->`;
const section = `${begin}\n${report.join('\n')}\n${end}`;
const existing = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '# Bench results\n\nWritten by `npm run bench:api` (bench/api-vs-sql.bench.ts).\n';
const at = existing.indexOf(begin);
const updated = at >= 0 ? existing.slice(0, at) + section + existing.slice(existing.indexOf(end) + end.length) : `${existing.trimEnd()}\n\n${section}\n`;
writeFileSync(resultsPath, updated);
console.log(`\nwritten to ${resultsPath}`);
