// Importing the formulary from a spreadsheet: the first configuration of the import pipeline
// (server/platform/import/). Its columns and row schema are shared/formulary-sheet.ts; here, how
// rows compare with the stored items (by code, ignoring case) and how the changes are written.
import type { Kysely } from 'kysely';
import type { ImportChange, ImportReport, ImportWarning } from '../../../shared/api.ts';
import type { ItemInput } from '../../../shared/api-schemas.ts';
import { formularyColumns, formularyRowSchema, newItemDefaults, sheetKeys, type FormularyRow, type SheetKey } from '../../../shared/formulary-sheet.ts';
import { quoteValue } from '../../../shared/import-columns.ts';
import { descriptionKey } from '../../../shared/item-duplicates.ts';
import type { Database } from '../../../db/schema.ts';
import type { UploadedFile } from '../../platform/import/file-upload.ts';
import { runImport, type AuditedRecord, type ImportIssue, type ImportOptions, type Importer } from '../../platform/import/import-pipeline.ts';
import { ConflictProblem } from '../../platform/http/problem.ts';
import type { RequestContext } from '../../platform/http/request-context.ts';
import { importDuplicateWarnings, type ImportedRow } from './item-duplicates.service.ts';
import { findAllItemInputs, insertItems, updateItemsAtVersion } from './items.repository.ts';

interface FormularyPlan {
  create: { row: number; item: ItemInput }[];
  /** Each at the version compared: an item changed since is not overwritten. */
  update: { row: number; id: number; version: number; before: ItemInput; after: ItemInput }[];
}

// Only the sheet's columns: what it does not carry (budget category, the ficha técnica of a common
// good) an import leaves as it is.
const sameItem = (a: ItemInput, b: ItemInput) => sheetKeys.every((key) => a[key] === b[key]);
const inputOf = ({ id: _id, version: _version, ...item }: ItemInput & { id: number; version: number }): ItemInput => item;

const formularyImporter: Importer<SheetKey, FormularyRow, FormularyPlan> = {
  entity: 'item',
  columns: formularyColumns,
  rowSchema: formularyRowSchema,

  async compare(db, rows, columns) {
    const existing = new Map((await findAllItemInputs(db)).map((item) => [item.code.toLowerCase(), item]));
    const rowOfCode = new Map<string, number>();
    const changes: ImportChange[] = [];
    const errors: ImportIssue[] = [];
    const imported: ImportedRow[] = [];
    const numberCodes: ImportWarning[] = [];
    const plan: FormularyPlan = { create: [], update: [] };

    for await (const { rowNumber: row, value, sheetRow } of rows) {
      const codeKey = value.code.toLowerCase();
      const firstRow = rowOfCode.get(codeKey);
      if (firstRow !== undefined) {
        errors.push({ row, column: columns.headingOf('code'), message: `Código ${quoteValue(value.code)} repetido (ya en la fila ${firstRow}).` });
        continue;
      }
      rowOfCode.set(codeKey, row);
      const stored = existing.get(codeKey);
      // The stored code keeps its case; an absent optional column keeps the stored value, or takes its default.
      const item: ItemInput = { ...value, code: stored?.code ?? value.code, oncology: value.oncology ?? stored?.oncology ?? newItemDefaults.oncology };
      imported.push({ row, item, existingId: stored?.id, check: !stored || descriptionKey(stored) !== descriptionKey(item) });
      // A number cell may have lost the code's leading zeros; a code that matches an item has not.
      if (!stored && sheetRow.numberColumns.includes(columns.indexOf('code'))) {
        numberCodes.push({
          row,
          column: columns.headingOf('code'),
          code: item.code,
          kind: 'number-code',
          message: 'El código se guardó como número en la hoja; revise si perdió ceros a la izquierda.',
        });
      }
      if (!stored) {
        plan.create.push({ row, item });
        changes.push({ kind: 'new', row, code: item.code, after: { ...item } });
      } else if (sameItem(inputOf(stored), item)) {
        changes.push({ kind: 'unchanged', row, code: item.code });
      } else {
        const before = inputOf(stored);
        plan.update.push({ row, id: stored.id, version: stored.version, before, after: item });
        changes.push({ kind: 'changed', row, code: item.code, before: { ...before }, after: { ...item } });
      }
    }

    const duplicates = await importDuplicateWarnings(db, imported, columns.headingOf);
    // In row order; a row's number-cell warning before its possible duplicates.
    return { changes, errors, warnings: [...numberCodes, ...duplicates].sort((a, b) => a.row - b.row), plan };
  },

  async apply(trx, plan) {
    const ids = new Map((await insertItems(trx, plan.create.map(({ item }) => item))).map(({ id, code }) => [code, id]));
    const written = await updateItemsAtVersion(trx, plan.update);
    if (written < plan.update.length) {
      throw new ConflictProblem(
        `Otra persona modificó ${plan.update.length - written} de los ítems que el archivo cambia mientras se importaba; ` +
          'vuelva a cargar el archivo para ver los cambios sobre el petitorio actual.',
        'file',
      );
    }
    const records: (AuditedRecord & { row: number })[] = [
      ...plan.create.map(({ row, item }) => ({ row, entityId: ids.get(item.code)!, before: null, after: { ...item } })),
      ...plan.update.map(({ row, id, before, after }) => ({ row, entityId: id, before: { ...before }, after: { ...after } })),
    ];
    return records.sort((a, b) => a.row - b.row).map(({ row: _row, ...record }) => record);
  },
};

export function importFormulary(
  db: Kysely<Database>,
  context: Pick<RequestContext, 'requestId' | 'clientAddress' | 'user'>,
  now: Date,
  file: UploadedFile,
  options: ImportOptions,
): Promise<ImportReport> {
  return runImport(db, context, now, formularyImporter, file, options);
}
