// tsx bench/item-duplicates.bench.ts — what the possible-duplicate warnings cost on a formulary of
// 20,919 items (PGlite): the item form's lookup and a 20,000-row import's, with and without the key
// indexes, and a whole dry run. Prints the figures; asserts nothing.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { migrateToLatest, openPglite, pgliteParsers } from '../db/database.ts';
import { seedDemoDataIfEmpty } from '../db/seed/demo-seed.ts';
import { importFormulary } from '../server/features/items/formulary-import.service.ts';
import { listPossibleDuplicates } from '../server/features/items/item-duplicates.service.ts';
import { findPossibleDuplicates } from '../server/features/items/items.repository.ts';
import { writeXlsx } from '../server/platform/spreadsheet/spreadsheet.ts';
import { sheetHeaders, sheetKeys } from '../shared/formulary-sheet.ts';
import { generateFormularyRows, generateFormularyXlsx } from './formulary-generator.ts';
import { uploadedFile } from '../test/support/sheet-files.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
async function timed(runs: number, run: () => Promise<unknown>): Promise<string> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return `median ${median(times).toFixed(1)} ms over ${runs}`;
}

const { db } = openPglite(await PGlite.create({ parsers: pgliteParsers }));
await migrateToLatest(db);
await seedDemoDataIfEmpty(db);
const context = { requestId: 'bench', clientAddress: '127.0.0.1' };
const formulary = uploadedFile(await generateFormularyXlsx(20_000), 'bench.xlsx');
await importFormulary(db, context, new Date(), formulary, { dryRun: false });
formulary.remove();
const { items } = (await sql<{ items: number }>`select count(*)::int as items from items`.execute(db)).rows[0]!;

// A file of 20,000 new codes, each with the description of a stored item (the generator's rows).
const rows = generateFormularyRows(20_000).map(([code, ...rest]) => [code!.replace('GEN-', 'NEW-'), ...rest]);
const file = uploadedFile(await writeXlsx('Petitorio', sheetKeys.map((key) => sheetHeaders[key]), rows), 'nuevo.xlsx');
const drafts = rows.map(([code, dci, strength, dosageForm]) => ({ code, dci, strength, dosageForm }));
// What the form asks as the user types: a code without its leading zero, and a whole description.
const formQuery = { code: '10100004', dci: 'Paracetamol', strength: '500 mg', dosageForm: 'tableta' };

async function measure(label: string) {
  console.log(`${label}: form lookup over ${items} items ${await timed(50, () => listPossibleDuplicates(db, formQuery))}`);
  console.log(`${label}: lookup of 20,000 import rows ${await timed(3, () => findPossibleDuplicates(db, drafts))}`);
}

const report = await importFormulary(db, context, new Date(), file, { dryRun: true });
console.log(`dry run of 20,000 new rows: ${report.created} new, ${report.warnings.length} warnings`);
console.log(`whole dry run (read, check, warn) ${await timed(3, () => importFormulary(db, context, new Date(), file, { dryRun: true }))}`);
await measure('indexed');
await sql`drop index items_code_key_idx`.execute(db);
await sql`drop index items_description_key_idx`.execute(db);
await measure('without the indexes');
file.remove();
await db.destroy();
