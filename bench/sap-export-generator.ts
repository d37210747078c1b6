// ME2N-style exports of a programme's planned lines (issue 13), written with the one SAP formatter
// (test/support/sap-files.ts: a Spanish logon's headings, `;`, decimal comma, dd.mm.yyyy,
// Windows-1252 by default), streamed to disk a few thousand lines at a time, never whole in memory.
// Deterministic: the same programme and options give the same bytes.
//
// Two modes:
//
//   tsx bench/sap-export-generator.ts ROWS PATH --database-url=URL [--programme=ID] [options]
//     The bench's file: ROWS purchase-order lines dated in the programme's fiscal year (unique
//     document and item: ten items per document) cycling over the programme's planned lines, so
//     that most match: material = item code, and the planned line's process code where it is in a
//     process. One row in 50 has a
//     material no item has (unmatched on purpose). Without --programme, a bench programme is
//     seeded into that database first (migrated first with --migrate):
//     --items=25000 items planned in both channels, in processes of up to 50 lines.
//
//   tsx bench/sap-export-generator.ts --from-programme=ID PATH (--database-url=URL | --url=http://… --username=… --password=…)
//     For checking a reconciliation by hand (Compra 2012's copy): one row per priced planned line
//     at its planned quantity and price (its planned amount exactly), except for the differences
//     it prints (and writes beside the file as PATH.differences.md).
//
// Options: --logon=es|en, --delimiter=';'|','|tab, --decimal=,|., --dates=dotted|slashed|iso,
//          --encoding=windows-1252|utf-8.
import { once } from 'node:events';
import { createWriteStream, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { MoneyDecimal, toMoney } from '../shared/money.ts';
import { encodeSapText, sapColumnsOf, sapHeaderLine, sapLine, type SapExportRow, type SapFileOptions } from '../test/support/sap-files.ts';
import { generateProgramme } from './large-programme-generator.ts';

/** A planned line as an export needs it. */
export interface PlannedTarget {
  lineId: number;
  code: string;
  name: string;
  channel: string;
  processType: string;
  /** The live process the line is in, if any. */
  processCode: string | null;
  quantity: string | null;
  unitPrice: string | null;
}

/** A programme's planned lines, and the year its purchase orders are dated in. */
export interface PlannedProgramme {
  fiscalYear: number;
  targets: PlannedTarget[];
}

const benchColumns = [
  'purchasingDocument', 'item', 'documentDate', 'material', 'shortText', 'orderQuantity', 'orderUnit',
  'netPrice', 'priceUnit', 'netOrderValue', 'currency', 'vendor', 'vendorName', 'plant', 'processCode',
] as const satisfies readonly (keyof SapExportRow)[];

/** Lines written per chunk: big enough to keep the stream busy, small enough to stay a few hundred KB. */
const CHUNK = 2_000;

// ---------------------------------------------------------------- planned lines

/**
 * The bench's programme, set-based: `items` items planned in both channels (large-programme-generator),
 * and the scheduled lines in processes of up to 50 lines of one channel, segment and type, as the
 * procurement pages leave them (unscheduled lines stay in no process).
 */
export async function seedBenchProgramme(client: pg.Client, items: number, name: string): Promise<{ programmeId: number; lines: number; processes: number }> {
  const generated = await generateProgramme(client, items, name);
  await client.query(`
    with ranked as (
      select id, channel, segment, process, (row_number() over (partition by channel, segment, process order by id) - 1) / 50 as chunk
      from purchase_lines where programme_id = $1 and process <> 'unscheduled'
    ),
    processes as (
      insert into procurement_processes (programme_id, code, title, channel, segment, type, status, called_on)
      select distinct $1::int, concat_ws('-', 'CONC', upper(left(channel, 1)), left(segment, 3), left(process, 3), chunk),
        concat('Proceso de conciliación ', channel, ' ', process, ' ', chunk), channel, segment, process, 'convocado', date '2026-02-01'
      from ranked
      returning id, code
    )
    insert into process_lines (process_id, purchase_line_id, quantity, reference_unit_price, reference_amount)
    select p.id, l.id, l.quantity, l.unit_price, round(l.quantity * l.unit_price, 2)
    from ranked r
    join purchase_lines l on l.id = r.id
    join processes p on p.code = concat_ws('-', 'CONC', upper(left(r.channel, 1)), left(r.segment, 3), left(r.process, 3), r.chunk)`,
  [generated.programmeId]);
  await client.query(`
    insert into process_status_changes (process_id, from_status, to_status, at)
    select id, null, status, created_at from procurement_processes where programme_id = $1`, [generated.programmeId]);
  await client.query('vacuum (analyze) procurement_processes, process_lines');
  const { rows: [count] } = await client.query<{ processes: number }>('select count(*)::int as processes from procurement_processes where programme_id = $1', [generated.programmeId]);
  return { programmeId: generated.programmeId, lines: generated.lines, processes: count!.processes };
}

/** The programme's planned lines, in line order, from its database. */
export async function plannedTargetsFromDatabase(client: pg.Client, programmeId: number): Promise<PlannedProgramme> {
  const { rows: [programme] } = await client.query<{ fiscal_year: number }>('select fiscal_year from programmes where id = $1', [programmeId]);
  const { rows } = await client.query<PlannedTarget>(`
    select l.id as "lineId", i.code, i.name, l.channel, l.process as "processType", p.code as "processCode",
      l.quantity::text as quantity, l.unit_price::text as "unitPrice"
    from purchase_lines l
    join items i on i.id = l.item_id
    left join process_lines x on x.purchase_line_id = l.id and not x.released
    left join procurement_processes p on p.id = x.process_id
    where l.programme_id = $1
    order by l.id`, [programmeId]);
  if (!programme || rows.length === 0) throw new Error(`programme ${programmeId} has no planned lines`);
  return { fiscalYear: programme.fiscal_year, targets: rows };
}

interface LinesPage {
  lines: {
    id: number;
    item: { code: string; name: string };
    channel: string;
    process: string;
    quantity: string | null;
    unitPrice: string | null;
    procurementProcess: { code: string } | null;
  }[];
  total: number;
}

/** The programme's planned lines through a running app's API (GET …/lines, a thousand a page). */
export async function plannedTargetsFromApi(url: string, username: string, password: string, programmeId: number): Promise<PlannedProgramme> {
  const base = url.replace(/\/$/, '');
  const session = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!session.ok) throw new Error(`sign-in as ${username} failed: ${session.status}`);
  const cookie = session.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
  const programme = await fetch(`${base}/api/programmes/${programmeId}`, { headers: { cookie } });
  if (!programme.ok) throw new Error(`GET programme ${programmeId}: ${programme.status} ${await programme.text()}`);
  const { fiscalYear } = (await programme.json()) as { fiscalYear: number };
  const targets: PlannedTarget[] = [];
  for (let page = 1; ; page++) {
    const response = await fetch(`${base}/api/programmes/${programmeId}/lines?page=${page}&pageSize=1000`, { headers: { cookie } });
    if (!response.ok) throw new Error(`GET lines page ${page}: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as LinesPage;
    for (const line of body.lines) {
      targets.push({
        lineId: line.id,
        code: line.item.code,
        name: line.item.name,
        channel: line.channel,
        processType: line.process,
        processCode: line.procurementProcess?.code ?? null,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
      });
    }
    if (body.lines.length === 0 || targets.length >= body.total) break;
  }
  if (targets.length === 0) throw new Error(`programme ${programmeId} has no planned lines`);
  return { fiscalYear, targets: targets.sort((a, b) => a.lineId - b.lineId) };
}

// ---------------------------------------------------------------- writing

/** Writes the heading and then each line, CRLF-terminated, in the file's encoding, a chunk at a time. */
async function writeExport(path: string, rows: Iterable<SapExportRow>, options: SapFileOptions, columns: SapFileOptions['columns'] = benchColumns): Promise<{ rows: number; bytes: number }> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    const chunk = encodeSapText(text, options.encoding);
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(`${sapHeaderLine(columns, options)}\r\n`);
  let count = 0;
  let pending: string[] = [];
  for (const row of rows) {
    pending.push(sapLine(row, columns, options));
    count++;
    if (pending.length === CHUNK) {
      await write(`${pending.join('\r\n')}\r\n`);
      pending = [];
    }
  }
  if (pending.length > 0) await write(`${pending.join('\r\n')}\r\n`);
  out.end();
  await once(out, 'finish');
  return { rows: count, bytes };
}

/** 360 document dates of the fiscal year (yyyy-mm-dd), from 2 January. */
function documentDates(year: number): string[] {
  return Array.from({ length: 360 }, (_, day) => new Date(Date.UTC(year, 0, 2 + day)).toISOString().slice(0, 10));
}

const priceFactors = ['0.95', '1.00', '1.00', '1.02', '1.10'];
/** Where a line is unpriced (unscheduled), the price SAP bought it at. */
const UNPLANNED_UNIT_PRICE = '12.5000';

/** SAP's Net Price (of `priceUnit` units) and Net Order Value, half up to the cent, exactly. */
function priced(quantity: string, unitPrice: string, priceUnit: string, factor = '1'): { netPrice: string; netOrderValue: string } {
  const netPrice = toMoney(new MoneyDecimal(unitPrice).times(priceUnit).times(factor));
  return { netPrice, netOrderValue: toMoney(new MoneyDecimal(quantity).times(netPrice).div(priceUnit)) };
}

/** Row `n` of the bench's export: document 4500000000 + n / 10, item 10–100, the planned line n mod count. */
function* benchRows(rows: number, targets: readonly PlannedTarget[], year: number): Generator<SapExportRow> {
  const dates = documentDates(year);
  for (let n = 0; n < rows; n++) {
    const target = targets[n % targets.length]!;
    const document = Math.floor(n / 10);
    const priceUnit = n % 7 === 0 ? '100' : '1';
    const quantity = String(1 + ((n * 7919) % 400));
    const unknown = n % 50 === 49;
    yield {
      purchasingDocument: String(4_500_000_000 + document),
      item: String(((n % 10) + 1) * 10).padStart(5, '0'),
      documentDate: dates[document % dates.length]!,
      material: unknown ? `ZZ-NOEXISTE-${n % 1000}` : target.code,
      shortText: target.name.slice(0, 40),
      orderQuantity: quantity,
      orderUnit: 'UN',
      ...priced(quantity, target.unitPrice ?? UNPLANNED_UNIT_PRICE, priceUnit, priceFactors[n % priceFactors.length]),
      priceUnit,
      currency: 'PEN',
      vendor: String(100_000 + (n % 60)),
      vendorName: `Droguería de prueba ${(n % 60) + 1} S.A.C.`,
      plant: `E${String(n % 30).padStart(3, '0')}`,
      processCode: unknown ? '' : (target.processCode ?? ''),
    };
  }
}

/** The bench's file: `rows` lines over the planned lines (see the header). */
export function writeBenchExport(path: string, rows: number, planned: PlannedProgramme, options: SapFileOptions = {}): Promise<{ rows: number; bytes: number }> {
  return writeExport(path, benchRows(rows, planned.targets, planned.fiscalYear), options);
}

/** A difference the check export carries on purpose, and what the reconciliation should show for it. */
export interface KnownDifference {
  lineId: number | null;
  material: string;
  what: string;
  planned: string | null;
  executed: string;
}

/**
 * The check file: each priced planned line once at its planned quantity, and its unit price as
 * the Net Price of 100 units (exact to four decimals), so its amount is the planned amount to the
 * cent; numeric materials padded to 18 digits as SAP writes them. Then, on the first priced lines:
 * 1. 10 % more quantity (overspend); 2. a Net Price 5 % lower (saving); 3. split into two
 * purchase-order items whose quantities add up to the plan (amounts may differ by the cent each
 * rounds); 4. not written (unexecuted); and
 * one line of a material no item has (unmatched). Unpriced (unscheduled) lines are not written.
 */
export async function writeCheckExport(path: string, planned: PlannedProgramme, options: SapFileOptions = {}): Promise<{ rows: number; bytes: number; differences: KnownDifference[]; ambiguous: number }> {
  const priced100 = planned.targets.filter((target) => target.quantity !== null && target.unitPrice !== null);
  const differences: KnownDifference[] = [];
  const rows: SapExportRow[] = [];
  const dates = documentDates(planned.fiscalYear);
  let document = 4_600_000_000;
  const row = (target: PlannedTarget, item: number, quantity: string, factor = '1'): SapExportRow => ({
    purchasingDocument: String(document),
    item: String(item * 10).padStart(5, '0'),
    documentDate: dates[document % dates.length]!,
    material: /^\d+$/.test(target.code) ? target.code.padStart(18, '0') : target.code,
    shortText: target.name.slice(0, 40),
    orderQuantity: quantity,
    orderUnit: 'UN',
    ...priced(quantity, target.unitPrice!, '100', factor),
    priceUnit: '100',
    currency: 'PEN',
    vendor: '100001',
    vendorName: 'Droguería de prueba 1 S.A.C.',
    plant: 'E001',
    // No Proceso column at all when no line is in a process (a layout without it).
    processCode: target.processCode ?? undefined,
  });
  const amountOf = (written: SapExportRow[]) => toMoney(written.reduce((sum, r) => sum.plus(r.netOrderValue!), new MoneyDecimal(0)));
  const plannedOf = (target: PlannedTarget) => toMoney(new MoneyDecimal(target.quantity!).times(target.unitPrice!));
  for (const [index, target] of priced100.entries()) {
    // Ten items to a purchasing document, as SAP numbers them.
    if (index % 10 === 0) document++;
    const item = (index % 10) + 1;
    let written: SapExportRow[];
    let what: string | null = null;
    if (index === 0) {
      written = [row(target, item, new MoneyDecimal(target.quantity!).times('1.1').toDecimalPlaces(4).toString())];
      what = '10 % more quantity than planned (overspend)';
    } else if (index === 1) {
      written = [row(target, item, target.quantity!, '0.95')];
      what = 'Net Price 5 % below the planned unit price (saving)';
    } else if (index === 2) {
      const half = new MoneyDecimal(target.quantity!).div(2).toDecimalPlaces(4, MoneyDecimal.ROUND_DOWN);
      written = [row(target, item, half.toString())];
      document++;
      written.push(row(target, 1, new MoneyDecimal(target.quantity!).minus(half).toString()));
      what = 'split into two purchase-order items (the second in the next document) whose quantities add up to the plan; each item rounds to the cent, so the amount may differ by a cent';
    } else if (index === 3) {
      differences.push({ lineId: target.lineId, material: target.code, what: 'not in the export (unexecuted)', planned: plannedOf(target), executed: '0.00' });
      continue;
    } else {
      written = [row(target, item, target.quantity!)];
    }
    rows.push(...written);
    if (what) differences.push({ lineId: target.lineId, material: target.code, what, planned: plannedOf(target), executed: amountOf(written) });
  }
  document++;
  const stranger = { ...priced100[0]!, code: 'ZZ-NOEXISTE-1', name: 'Material sin ítem en el petitorio' };
  const extra = row(stranger, 1, '10');
  rows.push(extra);
  differences.push({ lineId: null, material: stranger.code, what: 'a material no item has (unmatched executed line)', planned: null, executed: extra.netOrderValue! });
  // Rows whose material and process code alone do not single out a planned line (the item is
  // planned on several lines, and the code names none or several of them).
  // Codes compared as the database's item_code_key compares them.
  const codeKey = (code: string) => code.toLowerCase().replace(/^0+/, '');
  const linesOf = new Map<string, PlannedTarget[]>();
  for (const target of planned.targets) linesOf.set(codeKey(target.code), [...(linesOf.get(codeKey(target.code)) ?? []), target]);
  const ambiguous = rows.filter((r) => {
    const candidates = linesOf.get(codeKey(r.material)) ?? [];
    return candidates.length > 1 && candidates.filter((c) => c.processCode !== null && c.processCode === r.processCode).length !== 1;
  }).length;
  const written = await writeExport(path, rows, options, sapColumnsOf(rows));
  return { ...written, differences, ambiguous };
}

// ---------------------------------------------------------------- command line

function fileOptions(args: Map<string, string>): SapFileOptions {
  const delimiter = args.get('delimiter') === 'tab' ? '\t' : (args.get('delimiter') ?? ';');
  return {
    logon: (args.get('logon') ?? 'es') as SapFileOptions['logon'],
    delimiter: delimiter as SapFileOptions['delimiter'],
    decimalSeparator: (args.get('decimal') ?? ',') as SapFileOptions['decimalSeparator'],
    dateStyle: (args.get('dates') ?? 'dotted') as SapFileOptions['dateStyle'],
    encoding: (args.get('encoding') ?? 'windows-1252') as SapFileOptions['encoding'],
  };
}

async function main(argv: string[]): Promise<void> {
  const positional = argv.filter((arg) => !arg.startsWith('--'));
  const args = new Map(argv.filter((arg) => arg.startsWith('--')).map((arg) => {
    const [key, ...value] = arg.slice(2).split('=');
    return [key!, value.join('=') || 'true'] as const;
  }));
  const options = fileOptions(args);
  const databaseUrl = args.get('database-url') ?? process.env.DATABASE_URL;
  const fromProgramme = args.get('from-programme');
  const started = performance.now();
  if (fromProgramme) {
    const [path] = positional;
    if (!path) throw new Error('usage: --from-programme=ID PATH (--database-url=URL | --url=URL --username=U --password=P)');
    let planned: PlannedProgramme;
    if (args.has('url')) {
      planned = await plannedTargetsFromApi(args.get('url')!, args.get('username') ?? 'admin', args.get('password') ?? process.env.ABASTECE_ADMIN_PASSWORD ?? '', Number(fromProgramme));
    } else {
      if (!databaseUrl) throw new Error('--from-programme needs --database-url (or DATABASE_URL) or --url');
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      planned = await plannedTargetsFromDatabase(client, Number(fromProgramme)).finally(() => client.end());
    }
    const result = await writeCheckExport(path, planned, options);
    const table = [
      `# Known differences of ${path}`,
      '',
      `Programme ${fromProgramme}: ${result.rows} rows written; every other priced planned line is executed at exactly its planned amount.`,
      '',
      `${result.ambiguous} rows are of items planned on more than one line whose process code does not single one out: automatic ` +
        'matching may leave them unmatched (unless other lines of their purchasing document place them), for a manual match.',
      '',
      '| planned line | material | difference written | planned | executed |',
      '|---:|---|---|---:|---:|',
      ...result.differences.map((d) => `| ${d.lineId ?? '—'} | ${d.material} | ${d.what} | ${d.planned ?? '—'} | ${d.executed} |`),
      '',
    ].join('\n');
    writeFileSync(`${path}.differences.md`, table);
    console.log(table);
    return;
  }
  const [rowsText, path] = positional;
  if (!rowsText || !path || !databaseUrl) throw new Error('usage: ROWS PATH --database-url=URL [--programme=ID | --items=N [--migrate]]');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let programmeId = Number(args.get('programme') ?? 0);
    if (!programmeId) {
      if (args.get('migrate') === 'true') {
        const { migrateToLatest, openPostgres } = await import('../db/database.ts');
        const handle = openPostgres(databaseUrl, 1);
        await migrateToLatest(handle.db).finally(() => handle.db.destroy());
      }
      const seeded = await seedBenchProgramme(client, Number(args.get('items') ?? 25_000), `Conciliación ${Date.now()}`);
      programmeId = seeded.programmeId;
      console.log(`seeded programme ${programmeId}: ${seeded.lines} planned lines in ${seeded.processes} processes`);
    }
    const planned = await plannedTargetsFromDatabase(client, programmeId);
    const written = await writeBenchExport(path, Number(rowsText), planned, options);
    console.log(`${written.rows} rows, ${(written.bytes / 1048576).toFixed(1)} MB written to ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s (programme ${programmeId})`);
  } finally {
    await client.end();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
