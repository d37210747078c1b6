// Import jobs in the database: every app server writes its jobs' progress here (a heartbeat), so
// any of them can answer for a job, and a job whose heartbeat stopped is known to have died.
import type { Kysely, Selectable } from 'kysely';
import type { Database, ImportJobsTable } from '../../../db/schema.ts';

type Db = Kysely<Database>;
export type ImportJobRow = Selectable<ImportJobsTable>;

export interface NewImportJob {
  id: string;
  programmeId: number;
  fileName: string;
  fileBytes: number;
  dryRun: boolean;
  userId: number | null;
}

export async function insertJob(db: Db, job: NewImportJob, now: Date): Promise<void> {
  await db
    .insertInto('import_jobs')
    .values({
      id: job.id,
      kind: 'executions',
      programme_id: job.programmeId,
      file_name: job.fileName,
      file_bytes: job.fileBytes,
      dry_run: job.dryRun,
      started_at: now,
      heartbeat_at: now,
      user_id: job.userId,
    })
    .execute();
}

/** Writes the progress of a running job; returns whether someone asked to cancel it. */
export async function beat(db: Db, id: string, progress: { phase: string; bytesRead: number; rowsRead: number }, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('import_jobs')
    .set({ phase: progress.phase, bytes_read: progress.bytesRead, rows_read: progress.rowsRead, heartbeat_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .returning('cancel_requested')
    .executeTakeFirst();
  return row?.cancel_requested ?? false;
}

export async function finishJob(
  db: Db,
  id: string,
  status: 'succeeded' | 'failed' | 'cancelled',
  progress: { phase: string; bytesRead: number; rowsRead: number },
  result: unknown,
  now: Date,
): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({
      status,
      phase: progress.phase,
      bytes_read: progress.bytesRead,
      rows_read: progress.rowsRead,
      heartbeat_at: now,
      finished_at: now,
      result: result === null ? null : JSON.stringify(result),
    })
    .where('id', '=', id)
    .execute();
}

export async function findJob(db: Db, id: string): Promise<ImportJobRow | undefined> {
  return db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Asks a running job to stop; returns the job as it is now (undefined if there is none). */
export async function requestCancel(db: Db, id: string): Promise<ImportJobRow | undefined> {
  await db.updateTable('import_jobs').set({ cancel_requested: true }).where('id', '=', id).where('status', '=', 'running').execute();
  return findJob(db, id);
}

/** A programme's latest jobs, newest first. */
export async function findProgrammeJobs(db: Db, programmeId: number, limit: number): Promise<ImportJobRow[]> {
  return db.selectFrom('import_jobs').selectAll().where('programme_id', '=', programmeId).orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
}
