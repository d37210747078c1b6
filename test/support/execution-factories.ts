// Executed purchase-order lines for tests (issue 13): an SAP export built from rows
// (sap-files.ts), written to a temporary file and imported through the import service itself,
// the same write path as POST /api/programmes/:id/executions/import, without HTTP.
import { createHash, randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { ExecutionImportReport } from '../../shared/reconciliation-api.ts';
import type { Database } from '../../db/schema.ts';
import { startExecutionImport } from '../../server/features/executions/executions.service.ts';
import { sapExportFile, type SapExportRow, type SapFileOptions } from './sap-files.ts';

export interface TestExecutionOptions extends SapFileOptions {
  dryRun?: boolean;
  fileName?: string;
  /** The file as uploaded, instead of one built from the rows. */
  content?: Buffer;
}

/** Imports the rows as one batch into the programme; throws the problem a refused file gets. */
export async function importTestExecutions(
  db: Kysely<Database>,
  programmeId: number,
  rows: readonly SapExportRow[],
  options: TestExecutionOptions = {},
): Promise<ExecutionImportReport> {
  const content = options.content ?? sapExportFile(rows, options);
  const path = join(tmpdir(), `abastece-test-sap-${randomUUID()}.csv`);
  await writeFile(path, content);
  try {
    const file = { path, name: options.fileName ?? 'ME2N.csv', size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    const job = await startExecutionImport(db, null, () => new Date(), programmeId, file, { dryRun: options.dryRun ?? false });
    const outcome = await job.done;
    if (outcome.status === 'failed') throw outcome.error;
    if (outcome.status === 'cancelled') throw new Error('The test import was cancelled');
    return outcome.report;
  } finally {
    await rm(path, { force: true });
  }
}
