// The pipeline every spreadsheet import runs (the formulary now; SAP purchase orders and
// consumption next). Each importer is a configuration of it (an `Importer`):
//
//   read      the uploaded file as it streams from disk (spreadsheet/: CSV or XLSX, bounded)
//   detect    its encoding and delimiter (the readers, once per file)
//   map       its headings to the importer's column catalogue, by alias or the user's corrections
//   validate  each row with the importer's zod schema (in shared/, so the client can reuse it)
//   compare   the valid rows with what is stored (the importer's `compare`)
//   apply     the changes in one transaction, all or nothing (the importer's `apply`)
//   audit     one row for the batch (file, content hash, counts) and one per changed record with
//             its before/after, in bulk, as the last statements of that same transaction
//
// A dry run stops after compare. Rows reach `compare` as an async stream while the file is read:
// the formulary (at most 50,000 rows) keeps them and compares in memory against one read of the
// table. An importer whose files are too large to hold (SAP purchase orders, 1,000,000 rows) plugs
// in a different compare and apply behind the same interface: its `compare` would COPY the rows
// as they stream into a staging table and compare with set-based SQL, its plan naming the staging
// table and its `apply` an `insert … select` / `update … from` staging, returning the audited
// records from `returning`. The staging table must live in the transaction that applies it, so
// such an importer would declare that it stages, and the runner would then open the transaction
// before reading (on PostgreSQL; PGlite's one connection would be held for the whole file).
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { ImportChange, ImportReport, ImportWarning } from '../../../shared/api.ts';
import type { AuditEntity } from '../../../shared/auth.ts';
import { mapColumns, type ImportColumn } from '../../../shared/import-columns.ts';
import { problemTypes } from '../../../shared/problem-types.ts';
import type { Database } from '../../../db/schema.ts';
import { recordAudits } from '../../features/audit/audit.service.ts';
import { inTurns } from '../event-loop.ts';
import { HttpProblem } from '../http/problem.ts';
import type { RequestContext } from '../http/request-context.ts';
import { readSheet, type SheetRow } from '../spreadsheet/spreadsheet.ts';
import type { UploadedFile } from './file-upload.ts';

export type ImportIssue = ImportReport['errors'][number];

/** A row that passed the importer's schema. */
export interface ValidRow<Row> {
  rowNumber: number;
  value: Row;
  /** The row as read, for what the schema does not see (which cells were numbers). */
  sheetRow: SheetRow;
}

export interface ColumnsOfFile<Key extends string> {
  /** The 0-based column the key is read from; -1 when the file lacks it. */
  indexOf(key: Key): number;
  /** The heading the key is read from (its label when the file lacks it): what messages name. */
  headingOf(key: Key): string;
}

/** What applying the file would change, and what the importer needs to apply it. */
export interface Comparison<Plan> {
  /** One per valid row (except those `errors` refuse), in row order. */
  changes: ImportChange[];
  /** What only comparing rows finds (a key repeated in the file). */
  errors: ImportIssue[];
  warnings: ImportWarning[];
  plan: Plan;
}

/** A record the import created or changed, as its history shows it (before: null when created). */
export interface AuditedRecord {
  entityId: number | string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

export interface Importer<Key extends string, Row, Plan> {
  /** What the audit trail records the changes of. */
  entity: AuditEntity;
  columns: readonly ImportColumn<Key>[];
  /** One row's cells by key (an absent optional column has no key) → the row; issues name the key in their path. */
  rowSchema: z.ZodType<Row, Partial<Record<Key, string>>>;
  /** Must read `rows` to the end: reading the file is what enforces its limits. */
  compare(db: Kysely<Database>, rows: AsyncIterable<ValidRow<Row>>, columns: ColumnsOfFile<Key>): Promise<Comparison<Plan>>;
  /** Writes the plan inside the import's transaction; returns every record created or changed. */
  apply(trx: Transaction<Database>, plan: Plan): Promise<AuditedRecord[]>;
}

export interface ImportOptions {
  dryRun: boolean;
  /** Corrections from the user: heading → column key ('' to ignore it). */
  corrections?: Readonly<Record<string, string>> | undefined;
}

export class ImportRejectedProblem extends HttpProblem {
  constructor(readonly report: ImportReport) {
    super(422, problemTypes.importRejected, 'Importación rechazada', `El archivo tiene ${report.errors.length} error(es); no se aplicó nada.`);
  }

  /** The problem, with the whole report: its `errors` name the row and column of each. */
  override toJSON(instance?: string) {
    return { ...this.details(instance), ...this.report };
  }
}

type Context = Pick<RequestContext, 'requestId' | 'clientAddress' | 'user'>;

export async function runImport<Key extends string, Row, Plan>(
  db: Kysely<Database>,
  context: Context,
  now: Date,
  importer: Importer<Key, Row, Plan>,
  file: UploadedFile,
  options: ImportOptions,
): Promise<ImportReport> {
  const sheet = readSheet(file.path);
  const errors: ImportIssue[] = [];
  let report: ImportReport;
  let comparison: Comparison<Plan>;
  try {
    // The reader refuses a sheet without a single row, so there is a header.
    const header = (await sheet.next()).value as SheetRow;
    const headings = header.cells;
    const keys = mapColumns(importer.columns, headings, options.corrections);
    const columns: ColumnsOfFile<Key> = {
      indexOf: (key) => keys.indexOf(key),
      headingOf: (key) => headings[keys.indexOf(key)] ?? importer.columns.find((column) => column.key === key)?.label ?? '',
    };
    const missing = importer.columns.filter((column) => column.required && !keys.includes(column.key));
    for (const column of missing) {
      errors.push({ row: header.rowNumber, column: column.label, message: `Falta la columna «${column.label}» (o no se reconoce su encabezado).` });
    }

    let dataRows = 0;
    async function* validRows(): AsyncGenerator<ValidRow<Row>> {
      // Checking 50,000 rows takes a second: other requests get their turns meanwhile.
      for await (const row of inTurns(sheet)) {
        dataRows++;
        // Read to the end all the same: the file's limits hold whatever its headings.
        if (missing.length > 0) continue;
        const formula = row.formulaColumns.find((column) => keys[column]);
        if (formula !== undefined) {
          errors.push({ row: row.rowNumber, column: headings[formula]!, message: 'La celda contiene una fórmula; escriba el valor.' });
          continue;
        }
        const cells: Partial<Record<Key, string>> = {};
        keys.forEach((key, column) => {
          if (key) cells[key] = row.cells[column] ?? '';
        });
        const parsed = importer.rowSchema.safeParse(cells);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            errors.push({ row: row.rowNumber, column: columns.headingOf(issue.path[0] as Key), message: issue.message });
          }
          continue;
        }
        yield { rowNumber: row.rowNumber, value: parsed.data, sheetRow: row };
      }
    }

    comparison = await importer.compare(db, validRows(), columns);
    if (dataRows === 0) errors.push({ row: header.rowNumber + 1, column: '', message: 'El archivo no tiene filas de datos, solo encabezados.' });
    errors.push(...comparison.errors);
    // In row order (the sort is stable: a row's own errors keep theirs).
    errors.sort((a, b) => a.row - b.row);
    const count = (kind: ImportChange['kind']) => comparison.changes.filter((change) => change.kind === kind).length;
    report = {
      columns: headings.map((heading, index) => ({ header: heading, key: keys[index] ?? null })),
      expectedColumns: importer.columns.map((column) => ({
        key: column.key,
        label: column.label,
        required: column.required,
        default: column.defaultValue ?? null,
        header: keys.includes(column.key) ? columns.headingOf(column.key) : null,
      })),
      created: count('new'),
      updated: count('changed'),
      unchanged: count('unchanged'),
      errors,
      warnings: comparison.warnings,
      changes: comparison.changes,
      applied: false,
    };
  } finally {
    await sheet.return(undefined);
  }

  if (options.dryRun) return report;
  if (errors.length > 0) throw new ImportRejectedProblem(report);
  if (report.created === 0 && report.updated === 0) return { ...report, applied: true };

  const { created, updated, unchanged } = report;
  await db.transaction().execute(async (trx) => {
    const records = await importer.apply(trx, comparison.plan);
    await recordAudits(trx, context, now, [
      { action: 'import', entity: importer.entity, after: { file: file.name, sha256: file.sha256, created, updated, unchanged } },
      ...records.map((record) => ({ action: 'import' as const, entity: importer.entity, ...record })),
    ]);
  });
  return { ...report, applied: true };
}
