// Importing the formulary from a spreadsheet: read, check every row, compare with what is
// there, and apply all of it in one transaction, or nothing.
import type { Kysely } from 'kysely';
import type { ImportChange, ImportReport, ImportWarning } from '../../../shared/api.ts';
import type { ItemInput } from '../../../shared/api-schemas.ts';
import { sheetHeaders, sheetKeys, matchHeaders, quoteValue, sheetRowToItem, type SheetKey } from '../../../shared/formulary-sheet.ts';
import { descriptionKey } from '../../../shared/item-duplicates.ts';
import type { Database } from '../../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { inTurns } from '../../platform/event-loop.ts';
import { HttpProblem } from '../../platform/http/problem.ts';
import type { RequestContext } from '../../platform/http/request-context.ts';
import { importDuplicateWarnings, type ImportedRow } from './item-duplicates.service.ts';
import { findAllItemInputs, insertItems, updateItemRow } from './items.repository.ts';
import { readSheet } from '../../platform/spreadsheet/spreadsheet.ts';
import { problemTypes } from '../../../shared/problem-types.ts';

export interface ImportOptions {
  dryRun: boolean;
  /** Corrections from the user: header → column key ('' to ignore it). */
  mapping?: Readonly<Record<string, string>>;
  filename: string;
}


const comparable = (item: ItemInput) => ({ ...item });
const sameItem = (a: ItemInput, b: ItemInput) => sheetKeys.every((key) => a[key] === b[key]);

export class ImportRejectedProblem extends HttpProblem {
  constructor(readonly report: ImportReport) {
    super(422, problemTypes.importRejected, 'Importación rechazada', `El archivo tiene ${report.errors.length} error(es); no se aplicó nada.`);
  }

  /** The problem, with the whole report: its `errors` name the row and column of each. */
  override toJSON(instance?: string) {
    return { ...this.details(instance), ...this.report };
  }
}

export async function importFormulary(
  db: Kysely<Database>,
  context: Pick<RequestContext, 'requestId' | 'clientAddress' | 'user'>,
  now: Date,
  data: Buffer,
  options: ImportOptions,
): Promise<ImportReport> {
  const sheet = await readSheet(data);
  const detected = matchHeaders(sheet.headers);
  const keys = sheet.headers.map((header, index): SheetKey | null => {
    const corrected = options.mapping?.[header];
    if (corrected === undefined) return detected[index] ?? null;
    return (sheetKeys as readonly string[]).includes(corrected) ? (corrected as SheetKey) : null;
  });
  const columns = sheet.headers.map((header, index) => ({ header, key: keys[index] ?? null }));
  const headerOf = (key: SheetKey) => sheet.headers[keys.indexOf(key)] ?? sheetHeaders[key];

  const errors: ImportReport['errors'] = [];
  const missing = sheetKeys.filter((key) => !keys.includes(key));
  for (const key of missing) {
    errors.push({ row: 1, column: sheetHeaders[key], message: `Falta la columna «${sheetHeaders[key]}» (o no se reconoce su encabezado).` });
  }
  if (sheet.rows.length === 0) errors.push({ row: 2, column: '', message: 'El archivo no tiene filas de datos, solo encabezados.' });

  const existing = new Map((await findAllItemInputs(db)).map((item) => [item.code.toLowerCase(), item]));
  const rowOfCode = new Map<string, number>();
  const changes: ImportChange[] = [];
  const toCreate: ItemInput[] = [];
  const toUpdate: { id: number; item: ItemInput }[] = [];
  const imported: ImportedRow[] = [];
  const numberCodes: ImportWarning[] = [];

  if (missing.length === 0) {
    // Checking 50,000 rows takes a second: other requests get their turns meanwhile.
    for await (const row of inTurns(sheet.rows)) {
      const cells: Partial<Record<SheetKey, string>> = {};
      keys.forEach((key, column) => {
        if (key) cells[key] = row.cells[column] ?? '';
      });
      const formula = row.formulaColumns.find((column) => keys[column]);
      if (formula !== undefined) {
        errors.push({ row: row.rowNumber, column: sheet.headers[formula]!, message: 'La celda contiene una fórmula; escriba el valor.' });
        continue;
      }
      const read = sheetRowToItem(cells);
      if ('errors' in read) {
        for (const error of read.errors) errors.push({ row: row.rowNumber, column: headerOf(error.column), message: error.message });
        continue;
      }
      const { item } = read;
      const codeKey = item.code.toLowerCase();
      const firstRow = rowOfCode.get(codeKey);
      if (firstRow !== undefined) {
        errors.push({ row: row.rowNumber, column: headerOf('code'), message: `Código ${quoteValue(item.code)} repetido (ya en la fila ${firstRow}).` });
        continue;
      }
      rowOfCode.set(codeKey, row.rowNumber);
      const current = existing.get(codeKey);
      imported.push({
        row: row.rowNumber,
        item: { ...item, code: current?.code ?? item.code },
        existingId: current?.id,
        check: !current || descriptionKey(current) !== descriptionKey(item),
      });
      // A number cell may have lost the code's leading zeros; a code that matches an item has not.
      if (!current && row.numberColumns.includes(keys.indexOf('code'))) {
        numberCodes.push({
          row: row.rowNumber,
          column: headerOf('code'),
          code: item.code,
          kind: 'number-code',
          message: 'El código se guardó como número en la hoja; revise si perdió ceros a la izquierda.',
        });
      }
      if (!current) {
        toCreate.push(item);
        changes.push({ kind: 'new', row: row.rowNumber, code: item.code, after: comparable(item) });
      } else if (sameItem(current, { ...item, code: current.code })) {
        changes.push({ kind: 'unchanged', row: row.rowNumber, code: current.code });
      } else {
        toUpdate.push({ id: current.id, item: { ...item, code: current.code } });
        changes.push({ kind: 'changed', row: row.rowNumber, code: current.code, before: comparable(current), after: comparable({ ...item, code: current.code }) });
      }
    }
  }

  const duplicates = await importDuplicateWarnings(db, imported, headerOf);
  const report: ImportReport = {
    columns,
    created: toCreate.length,
    updated: toUpdate.length,
    unchanged: changes.filter((change) => change.kind === 'unchanged').length,
    errors,
    // In row order; a row's number-cell warning before its possible duplicates.
    warnings: [...numberCodes, ...duplicates].sort((a, b) => a.row - b.row),
    changes,
    applied: false,
  };
  if (options.dryRun) return report;
  if (errors.length > 0) throw new ImportRejectedProblem(report);
  if (toCreate.length === 0 && toUpdate.length === 0) return { ...report, applied: true };

  await db.transaction().execute(async (trx) => {
    await insertItems(trx, toCreate);
    for (const { id, item } of toUpdate) await updateItemRow(trx, id, item);
    await recordAudit(trx, context, now, {
      action: 'import',
      entity: 'item',
      after: {
        file: options.filename,
        created: toCreate.map((item) => item.code),
        updated: changes.flatMap((change) => (change.kind === 'changed' ? [{ code: change.code, before: change.before, after: change.after }] : [])),
      },
    });
  });
  return { ...report, applied: true };
}
