// Executed purchase orders (issue 13): importing an SAP export as a batch (a job: see
// import-jobs/), listing the batches, and undoing one.
import type { Kysely } from 'kysely';
import type { ExecutionBatchDto } from '../../../shared/reconciliation-api.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { NotFoundProblem } from '../../platform/http/problem.ts';
import type { UploadedFile } from '../../platform/import/file-upload.ts';
import { recordAudit, type AuditContext } from '../audit/audit.service.ts';
import { startJob, type StartedJob } from '../import-jobs/import-jobs.service.ts';
import { findProgramme } from '../programmes/programmes.repository.ts';
import { importExecutions } from './execution-import.ts';
import * as repository from './executions.repository.ts';

export async function requireProgramme(db: Kysely<Database>, programmeId: number): Promise<void> {
  if (!(await findProgramme(db, programmeId))) throw new NotFoundProblem(`No existe el programa ${programmeId}.`, 'id');
}

export interface ExecutionImportOptions {
  dryRun: boolean;
  corrections?: Readonly<Record<string, string>> | undefined;
}

/**
 * Starts the import of `file` into the programme as a job. The file must stay on disk until the
 * job is done (await `done`).
 */
export async function startExecutionImport(
  db: Kysely<Database>,
  context: AuditContext,
  clock: Clock,
  programmeId: number,
  file: UploadedFile,
  options: ExecutionImportOptions,
): Promise<StartedJob> {
  await requireProgramme(db, programmeId);
  const now = clock();
  return startJob(
    db,
    clock,
    { programmeId, fileName: file.name, fileBytes: file.size, dryRun: options.dryRun, userId: context?.user?.id ?? null },
    (control, jobId) => importExecutions(db, context, now, { programmeId, file, ...options }, control, jobId),
  );
}

export async function listBatches(db: Kysely<Database>, programmeId: number): Promise<ExecutionBatchDto[]> {
  await requireProgramme(db, programmeId);
  return repository.findBatches(db, programmeId);
}

/** Undoes a batch: it and its lines go, in one transaction, audited with what they were. */
export async function undoBatch(db: Kysely<Database>, context: AuditContext, now: Date, programmeId: number, batchId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const batch = await repository.deleteBatch(trx, programmeId, batchId);
    if (!batch) throw new NotFoundProblem(`El programa ${programmeId} no tiene el lote de ejecución ${batchId}.`, 'batchId');
    await recordAudit(trx, context, now, {
      action: 'delete',
      entity: 'execution_batch',
      entityId: batch.id,
      before: { file: batch.file_name, sha256: batch.sha256, rows: batch.rows, amount: batch.amount },
    });
  });
}
