// Makes a large formulary spreadsheet (default 20,000 items) for import and scale benchmarks.
// Usage: tsx bench/formulary-generator.ts [count] [out.xlsx|out.csv]
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { GENERAL_ENTRIES, ONCOLOGY_ENTRIES } from '../db/seed/catalogue.ts';
import { itemToSheetRow, sheetHeaders, sheetKeys } from '../shared/formulary-sheet.ts';
import { writeXlsx } from '../server/platform/spreadsheet/spreadsheet.ts';

export function generateFormularyRows(count: number): string[][] {
  const catalogue = [...ONCOLOGY_ENTRIES, ...GENERAL_ENTRIES];
  return Array.from({ length: count }, (_, index) => {
    const entry = catalogue[index % catalogue.length]!;
    const variant = Math.floor(index / catalogue.length);
    const row = itemToSheetRow({
      code: `GEN-${String(index + 1).padStart(6, '0')}`,
      dci: entry.dci,
      // A distinct presentation per lap of the catalogue, so every row is its own item.
      strength: variant === 0 ? entry.strength : `${entry.strength} (presentación ${variant + 1})`,
      dosageForm: entry.dosageForm,
      supplyList: index % 3 === 0 ? 'local' : 'centralized',
      therapeuticGroup: entry.therapeuticGroup,
      ven: entry.ven,
      oncology: entry.oncology,
    });
    return sheetKeys.map((key) => row[key]);
  });
}

export async function generateFormularyXlsx(count: number): Promise<Buffer> {
  return writeXlsx('Petitorio', sheetKeys.map((key) => sheetHeaders[key]), generateFormularyRows(count));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 20_000);
  const out = process.argv[3] ?? `petitorio-${count}.xlsx`;
  const data = out.endsWith('.csv')
    ? Buffer.from([sheetKeys.map((key) => sheetHeaders[key]), ...generateFormularyRows(count)].map((r) => r.join(';')).join('\r\n'))
    : await generateFormularyXlsx(count);
  writeFileSync(out, data);
  console.log(`${out}: ${count} items, ${(data.length / 1024).toFixed(0)} KB`);
}
