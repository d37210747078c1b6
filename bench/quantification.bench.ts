// npm run bench:quantification — issue 14's speed targets, printed as figures (no assertions) and
// written to bench/RESULTS-quantification.md:
// - quantifying a programme of 919 items from 4.2 M consumption records (385 facilities × 919
//   items × 12 months), through HTTP, against the raw SQL aggregation it needs (the consumption
//   summed per item and month), interleaved in one run, medians: target < 2 s and ≤ 1.5 × the SQL;
// - ABC of a 20,000-line programme through HTTP, against its SQL sum per item: target < 200 ms.
// PostgreSQL only at full scale: DATABASE_URL must name a scratch database (its schema is dropped).
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { sql, type Kysely } from 'kysely';
import type { ItemInput } from '../shared/api-schemas.ts';
import type { AbcPage, QuantificationPage } from '../shared/quantification-api.ts';
import { migrateToLatest, openPostgres } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { createApp } from '../server/app.ts';
import { createItems } from '../server/features/items/items.service.ts';
import { amountsByItem, consumptionByItemAndMonth } from '../server/features/quantification/quantification.repository.ts';
import { addLines, createProgramme } from '../server/features/programmes/programmes.service.ts';
import { createUser } from '../server/features/users/users.service.ts';
import { FACILITIES, ITEMS, MONTHS, generateConsumption } from './consumption-generator.ts';
import { createPlanningProgramme, PLANNING_LINES } from './planning-programme.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL must name a scratch PostgreSQL database (its public schema is dropped), e.g. postgres://postgres@127.0.0.1:5432/bench');
  process.exit(1);
}
const handle = openPostgres(url);
const db: Kysely<Database> = handle.db;
await sql`drop schema public cascade`.execute(db);
await sql`create schema public`.execute(db);
await migrateToLatest(db);
const serverVersion = (await sql<{ version: string }>`select version()`.execute(db)).rows[0]!.version.split(' on ')[0];
console.log(`database: ${serverVersion}`);

// ---- Arrange --------------------------------------------------------------------------------

let started = performance.now();
const items = await createItems(
  db,
  null,
  new Date(),
  Array.from({ length: ITEMS }, (_, n): ItemInput => ({
    code: `QNT-${String(n).padStart(4, '0')}`,
    dci: `Principio ${n}`,
    strength: `${(n % 50) + 1} mg`,
    dosageForm: 'Tableta',
    supplyList: 'centralized',
    therapeuticGroup: `Grupo ${n % 40}`,
    ven: (['vital', 'essential', 'non_essential'] as const)[n % 3]!,
    oncology: false,
  })),
);
const programme = await createProgramme(db, null, new Date(), { name: 'Programa nacional 919', fiscalYear: 2027 });
await addLines(db, null, new Date(), programme.id, {
  lines: items.map((item, n) => ({ itemId: item.id, channel: 'essalud' as const, process: 'conventional' as const, quantity: String(1000 + n), unitPrice: '1.2345' })),
});
const generated = await generateConsumption(db, '2025-12-01');
await sql`vacuum analyze consumption_records`.execute(db);
await sql`vacuum analyze stock_positions`.execute(db);
const arrangeSeconds = (performance.now() - started) / 1000;
console.log(`generated ${generated.toLocaleString('en')} consumption records (${FACILITIES} × ${ITEMS} × ${MONTHS}) and the programme in ${arrangeSeconds.toFixed(1)} s`);

started = performance.now();
const large = await createPlanningProgramme(db);
await sql`analyze purchase_lines`.execute(db);
console.log(`arranged the ${PLANNING_LINES.toLocaleString('en')}-line programme in ${((performance.now() - started) / 1000).toFixed(1)} s`);

await createUser(db, null, new Date(), { username: 'bench', fullName: 'Bench', password: 'bench-password-123', roles: ['logistics'] });
const app = createApp({ db, databaseKind: 'postgres' });
const server = app.listen(0);
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const signIn = await fetch(`${base}/api/session`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Origin: base },
  body: JSON.stringify({ username: 'bench', password: 'bench-password-123' }),
});
const headers = { Cookie: signIn.headers.get('set-cookie')!.split(';')[0]!, Origin: base };

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${base}${path}`, { headers });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Runs each measure once per round, in turn (interleaved), after one warm-up round; medians. */
async function interleaved(measures: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  for (const work of Object.values(measures)) await work();
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(measures).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, work] of Object.entries(measures)) {
      const begin = performance.now();
      await work();
      times[name]!.push(performance.now() - begin);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

// ---- Measure --------------------------------------------------------------------------------

const period = { from: '2025-12-01', until: '2026-11-01' };
const aggregation = consumptionByItemAndMonth(db, programme.id, period.from, period.until).compile();
const rawAggregation = () => db.executeQuery(aggregation);
const check = (await get<QuantificationPage>(`/api/programmes/${programme.id}/quantification?method=who&until=2026-11&pageSize=1000`));
console.log(`quantified ${check.total} items: ${check.totals.withSuggestion} with a suggestion, ${check.totals.acceptable} acceptable; first: ${check.items[0]!.code} suggests ${check.items[0]!.suggestedQuantity}`);

// Every item is quantified whatever the page (the totals cover them all); the page decides how
// many suggestions, with their derivations, are serialised: 100 as the client asks, or all 919.
const path = (method: string, pageSize: number) => `/api/programmes/${programme.id}/quantification?method=${method}&until=2026-11&pageSize=${pageSize}`;
const quantification = await interleaved({
  sql: rawAggregation,
  who: () => get(path('who', 100)),
  openlmis: () => get(path('openlmis', 100)),
  whoAll: () => get(path('who', 1000)),
  openlmisAll: () => get(path('openlmis', 1000)),
});
const times = (name: string) => `${ms(quantification[name]!)} = ${(quantification[name]! / quantification.sql!).toFixed(2)} × SQL`;
console.log(`raw SQL aggregation (per item and month, 4.2 M rows): median ${ms(quantification.sql!)}`);
for (const [name, label] of [['who', 'WHO/MSH, page of 100'], ['openlmis', 'OpenLMIS, page of 100'], ['whoAll', 'WHO/MSH, all 919 in one page'], ['openlmisAll', 'OpenLMIS, all 919 in one page']] as const) {
  console.log(`GET quantification, ${label}: median ${times(name)}`);
}

const abcSql = amountsByItem(db, large.id).compile();
const abcCheck = await get<AbcPage>(`/api/programmes/${large.id}/abc?pageSize=100`);
console.log(`ABC of ${PLANNING_LINES.toLocaleString('en')} lines: ${abcCheck.classes.map((c) => `${c.class} ${c.items} items`).join(', ')}`);
const abc = await interleaved({
  sql: () => db.executeQuery(abcSql),
  abc: () => get(`/api/programmes/${large.id}/abc?pageSize=100`),
  abcVen: () => get(`/api/programmes/${large.id}/abc-ven`),
});
console.log(`raw SQL sum per item (20,000 lines): median ${ms(abc.sql!)}`);
console.log(`GET abc, 20,000 lines: median ${ms(abc.abc!)}; GET abc-ven: median ${ms(abc.abcVen!)}`);

server.close();
await db.destroy();

const load = (await import('node:os')).loadavg().map((value) => value.toFixed(1)).join(', ');
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
const report = `# Quantification bench (issue 14)

\`npm run bench:quantification\` (bench/quantification.bench.ts) wrote this file. ${serverVersion}, Node ${process.version},
2 cores shared with other agents (load average at the end: ${load}). ${ROUNDS} interleaved rounds after a warm-up;
medians. The data: ${generated.toLocaleString('en')} consumption records (${FACILITIES} facilities × ${ITEMS} items × ${MONTHS} months,
generated with set-based SQL in ${arrangeSeconds.toFixed(0)} s), a stock position per item and facility, parameters for every item.

| measure | median | target | |
|---|---|---|---|
| raw SQL: consumption summed per item and month, 919 items, 12 months | ${ms(quantification.sql!)} | — | |
${(
  [
    ['who', 'GET /api/programmes/:id/quantification?method=who, 919 items quantified, page of 100'],
    ['openlmis', 'GET …/quantification?method=openlmis, 919 items quantified, page of 100'],
    ['whoAll', 'GET …/quantification?method=who, all 919 in one page (1.7 MB of JSON)'],
    ['openlmisAll', 'GET …/quantification?method=openlmis, all 919 in one page (3.2 MB of JSON)'],
  ] as const
)
  .map(([name, label]) => `| ${label} | ${times(name)} | < 2 s and ≤ 1.5 × SQL | ${verdict(quantification[name]! < 2000 && quantification[name]! <= 1.5 * quantification.sql!)} |`)
  .join('\n')}
| raw SQL: amounts summed per item, 20,000-line programme | ${ms(abc.sql!)} | — | |
| GET /api/programmes/:id/abc (20,000 lines, 10,000 items ranked, first page) | ${ms(abc.abc!)} | < 200 ms | ${verdict(abc.abc! < 200)} |
| GET /api/programmes/:id/abc-ven (20,000 lines) | ${ms(abc.abcVen!)} | — | |

The HTTP figures include the other reads of the use case (lines, stock, parameters, last awards,
items without a line), the methods' exact decimal arithmetic for every item, and the JSON of
919 suggestions with their derivations.
`;
writeFileSync(new URL('./RESULTS-quantification.md', import.meta.url), report);
console.log('wrote bench/RESULTS-quantification.md');
