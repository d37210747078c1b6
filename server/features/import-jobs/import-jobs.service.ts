// Long imports as jobs (issue 13): the import runs in this process while its progress, a heartbeat
// every half second, goes to import_jobs, where any app server reads it. The heartbeat also reads
// whether someone asked to cancel; the import then stops and leaves nothing. A job still
// `running` whose heartbeat stopped ran on a server that died: it reads `interrupted`.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ExecutionImportReport, ImportJobDto, ImportJobPhase, ImportJobStatus } from '../../../shared/reconciliation-api.ts';
import type { Database } from '../../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { databaseProblemOf } from '../../platform/http/database-errors.ts';
import { HttpProblem, NotFoundProblem } from '../../platform/http/problem.ts';
import { ExecutionImportRejectedProblem, type ImportControl, type ImportProgress } from '../executions/execution-import.ts';
import * as repository from './import-jobs.repository.ts';

/** How often a running job writes its progress and reads the cancel flag. */
export const HEARTBEAT_MS = 500;
/** A running job silent this long is taken for dead (20 missed heartbeats). */
export const INTERRUPTED_AFTER_MS = 10_000;

export type JobOutcome =
  | { status: 'succeeded'; report: ExecutionImportReport }
  | { status: 'failed'; error: unknown }
  | { status: 'cancelled' };

/** The jobs this process runs: alive whatever their heartbeat says (a long statement on PGlite delays it). */
const running = new Map<string, AbortController>();

/** What an import throws once cancelled (an abort, an interrupted statement) is its cancel, unless it refused the file first. */
const isCancel = (error: unknown, signal: AbortSignal) => signal.aborted && !(error instanceof HttpProblem);

export interface StartedJob {
  id: string;
  /** Settles once the job is over and recorded; never rejects. */
  done: Promise<JobOutcome>;
}

/** Starts `work` as a job; resolves once the job is recorded, with the outcome still to come. */
export async function startJob(
  db: Kysely<Database>,
  clock: Clock,
  job: Omit<repository.NewImportJob, 'id'>,
  work: (control: ImportControl, jobId: string) => Promise<ExecutionImportReport>,
): Promise<StartedJob> {
  const id = randomUUID();
  await repository.insertJob(db, { ...job, id }, clock());
  const abort = new AbortController();
  running.set(id, abort);
  const progress: ImportProgress = { phase: 'reading', bytesRead: 0, rowsRead: 0 };
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating
      .then(async () => {
        if (await repository.beat(db, id, progress, clock())) abort.abort();
      })
      .catch((error) => console.error(`Import job ${id}: heartbeat failed:`, error));
  }, HEARTBEAT_MS);
  const done = (async (): Promise<JobOutcome> => {
    let outcome: JobOutcome;
    try {
      outcome = { status: 'succeeded', report: await work({ progress, signal: abort.signal }, id) };
    } catch (error) {
      // A database refusal (a signed-off line, say) is the problem the error handler would answer.
      outcome = isCancel(error, abort.signal) ? { status: 'cancelled' } : { status: 'failed', error: databaseProblemOf(error, undefined) ?? error };
    }
    clearInterval(timer);
    await beating;
    try {
      await repository.finishJob(db, id, outcome.status, progress, resultOf(outcome), clock());
    } catch (error) {
      console.error(`Import job ${id}: could not record its end:`, error);
    } finally {
      running.delete(id);
    }
    if (outcome.status === 'failed' && !(outcome.error instanceof HttpProblem)) console.error(`Import job ${id} failed:`, outcome.error);
    return outcome;
  })();
  return { id, done };
}

function resultOf(outcome: JobOutcome): unknown {
  if (outcome.status === 'succeeded') return { report: outcome.report };
  if (outcome.status === 'cancelled') return null;
  const { error } = outcome;
  if (!(error instanceof HttpProblem)) return { problem: { status: 500, title: 'Error interno', detail: 'La importación falló por un error del servidor; no se aplicó nada.' } };
  const { status, title, detail, errors } = error;
  const problem = { status, title, ...(detail === undefined ? {} : { detail }), ...(errors === undefined ? {} : { errors }) };
  return error instanceof ExecutionImportRejectedProblem ? { problem, report: error.report } : { problem };
}

export function toJobDto(row: repository.ImportJobRow, now: Date): ImportJobDto {
  const fileBytes = Number(row.file_bytes);
  const bytesRead = Number(row.bytes_read);
  const interrupted = row.status === 'running' && !running.has(row.id) && now.getTime() - row.heartbeat_at.getTime() > INTERRUPTED_AFTER_MS;
  const status: ImportJobStatus = interrupted ? 'interrupted' : row.status;
  const phase = row.phase as ImportJobPhase;
  const end = row.finished_at ?? (interrupted ? row.heartbeat_at : now);
  const seconds = (end.getTime() - row.started_at.getTime()) / 1000;
  const result = (row.result ?? {}) as { report?: ExecutionImportReport; problem?: ImportJobDto['problem'] };
  return {
    id: row.id,
    kind: 'executions',
    programmeId: row.programme_id,
    fileName: row.file_name,
    dryRun: row.dry_run,
    status,
    phase,
    fileBytes,
    bytesRead,
    rowsRead: row.rows_read,
    percent: phase !== 'reading' ? 100 : fileBytes === 0 ? 0 : Math.min(100, Math.floor((bytesRead / fileBytes) * 1000) / 10),
    rowsPerSecond: seconds < 0.5 ? null : Math.round(row.rows_read / seconds),
    cancelRequested: row.cancel_requested,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    report: result.report ?? null,
    problem: result.problem ?? null,
  };
}

const notFound = (id: string) => new NotFoundProblem(`No existe el trabajo de importación ${id}.`, 'id');

export async function getJob(db: Kysely<Database>, clock: Clock, id: string): Promise<ImportJobDto> {
  const row = await repository.findJob(db, id);
  if (!row) throw notFound(id);
  return toJobDto(row, clock());
}

/** Asks the job to stop (whichever server runs it sees the flag at its next heartbeat). */
export async function cancelJob(db: Kysely<Database>, clock: Clock, id: string): Promise<ImportJobDto> {
  const row = await repository.requestCancel(db, id);
  if (!row) throw notFound(id);
  if (row.status === 'running') running.get(id)?.abort();
  return toJobDto(row, clock());
}

export async function listProgrammeJobs(db: Kysely<Database>, clock: Clock, programmeId: number): Promise<ImportJobDto[]> {
  const now = clock();
  return (await repository.findProgrammeJobs(db, programmeId, 20)).map((row) => toJobDto(row, now));
}
