// Every call of the Conciliación page to the API (issue 13), in one place: the reads with their
// query keys, the import of a SAP export (answered at once, or as a job followed to its end), and
// the writes (undo a batch, match by hand, tolerance, sign-offs), each refreshing what it changes.
import type { QueryClient } from '@tanstack/react-query';
import type { ProblemDetails } from '../../../../shared/api.ts';
import { problemTypes } from '../../../../shared/problem-types.ts';
import type {
  ExecutedLinesPage,
  ExecutionBatchDto,
  ExecutionImportReport,
  ImportJobDto,
  ReconciliationLinesPage,
  ReconciliationSummary,
  SignOffDto,
  ToleranceDto,
} from '../../../../shared/reconciliation-api.ts';
import { ApiError, buildApiUrl, deleteJson, getJson, postForm, postJson, putJson, type QueryParams } from '../../platform/api/api-client.ts';
import { apiQuery } from '../../platform/api/query-client.ts';

export const reconciliationKeys = {
  all: ['reconciliation'] as const,
  programme: (programmeId: number) => [...reconciliationKeys.all, programmeId] as const,
  summary: (programmeId: number) => [...reconciliationKeys.programme(programmeId), 'summary'] as const,
  lines: (programmeId: number, params: QueryParams) => [...reconciliationKeys.programme(programmeId), 'lines', params] as const,
  executions: (programmeId: number, params: QueryParams) => [...reconciliationKeys.programme(programmeId), 'executions', params] as const,
  batches: (programmeId: number) => [...reconciliationKeys.programme(programmeId), 'batches'] as const,
  jobs: (programmeId: number) => [...reconciliationKeys.programme(programmeId), 'jobs'] as const,
};

export const reconciliationQueries = {
  summary: (programmeId: number) =>
    apiQuery<ReconciliationSummary>(reconciliationKeys.summary(programmeId), `/programmes/${programmeId}/reconciliation`, { kind: 'live' }),
  lines: (programmeId: number, params: QueryParams) =>
    apiQuery<ReconciliationLinesPage>(reconciliationKeys.lines(programmeId, params), `/programmes/${programmeId}/reconciliation/lines`, {
      kind: 'live',
      params,
      paged: true,
    }),
  /** Executed lines (matched=false: those without a planned line, with their candidates). */
  executions: (programmeId: number, params: QueryParams) =>
    apiQuery<ExecutedLinesPage>(reconciliationKeys.executions(programmeId, params), `/programmes/${programmeId}/executions`, {
      kind: 'live',
      params,
      paged: true,
    }),
  batches: (programmeId: number) =>
    apiQuery<ExecutionBatchDto[] | { batches: ExecutionBatchDto[] }>(reconciliationKeys.batches(programmeId), `/programmes/${programmeId}/executions/batches`, {
      kind: 'live',
    }),
  /** The programme's recent imports; a server without this list answers 404, and the page shows none. */
  jobs: (programmeId: number) =>
    apiQuery<ImportJobDto[] | { jobs: ImportJobDto[] }>(reconciliationKeys.jobs(programmeId), `/programmes/${programmeId}/executions/import-jobs`, {
      kind: 'live',
    }),
};

/** A list the server may send bare or wrapped ({batches: […]}). */
export function listOf<T>(answer: T[] | Record<string, T[]> | undefined): T[] {
  if (answer === undefined) return [];
  if (Array.isArray(answer)) return answer;
  return Object.values(answer).find(Array.isArray) ?? [];
}

export const exportUrl = (programmeId: number) => buildApiUrl(`/programmes/${programmeId}/reconciliation/export`, { format: 'xlsx' });

/** After any write: everything the page reads of the programme's reconciliation. */
export function invalidateReconciliation(queryClient: QueryClient, programmeId: number): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: reconciliationKeys.programme(programmeId) });
}

// —— Import ————————————————————————————————————————————————————————————————————————————

/** How often a running import is asked for its progress. */
const POLL_MS = 400;

function isJob(body: unknown): body is ImportJobDto {
  return typeof body === 'object' && body !== null && 'phase' in body && 'status' in body && typeof (body as { id?: unknown }).id === 'string';
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new DOMException('Aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}

const stopped = (title: string, detail: string): ProblemDetails => ({ type: problemTypes.untyped, title, status: 409, detail });

/**
 * The report of a finished job, or the failure it ended in, thrown as the import's request would
 * have answered it (a refused file: 422 with the report's fields beside the problem).
 */
function outcomeOf(job: ImportJobDto): ExecutionImportReport {
  if (job.status === 'succeeded' && job.report) return job.report;
  if (job.status === 'cancelled') throw new ApiError(stopped('Importación cancelada', 'Se detuvo a su pedido; no se aplicó nada del archivo.'));
  if (job.status === 'interrupted') {
    throw new ApiError(stopped('La importación se interrumpió', 'El servidor se detuvo antes de terminar; no se aplicó nada. Vuelva a cargar el archivo.'));
  }
  const problem: ProblemDetails = job.problem
    ? ({ type: problemTypes.importRejected, ...job.problem } as ProblemDetails)
    : { type: problemTypes.internal, title: 'La importación falló', status: 500 };
  // The report's row errors stand beside the problem's fields, as the 422 of the request carries them.
  if (job.report) throw new ApiError({ ...problem, ...job.report, status: 422 } as unknown as ProblemDetails);
  throw new ApiError(problem);
}

export interface ExecutionImportRequest {
  programmeId: number;
  file: File;
  mapping: Readonly<Record<string, string>>;
  dryRun: boolean;
  signal: AbortSignal;
  /** Each reading of a long import's job (a quick one answers at once: never called). */
  onProgress: (job: ImportJobDto) => void;
}

/**
 * Checks (dry run) or applies a SAP export. A long one answers 202 with a job: it is followed until
 * it ends, and its report (or its failure) is the answer. Leaving stops the following, not the job.
 */
export async function importExecutions({ programmeId, file, mapping, dryRun, signal, onProgress }: ExecutionImportRequest): Promise<ExecutionImportReport> {
  const form = new FormData();
  form.set('dryRun', dryRun ? 'true' : 'false');
  if (Object.keys(mapping).length > 0) form.set('mapping', JSON.stringify(mapping));
  form.set('file', file, file.name);
  const answer = await postForm<ExecutionImportReport | ImportJobDto>(`/programmes/${programmeId}/executions/import`, form, { signal });
  if (!isJob(answer)) return answer;
  let job = answer;
  onProgress(job);
  while (job.status === 'running') {
    await wait(POLL_MS, signal);
    job = await getJson<ImportJobDto>(`/import-jobs/${job.id}`, undefined, { signal });
    onProgress(job);
  }
  return outcomeOf(job);
}

/** Asks a running import to stop; the job then ends as cancelled, leaving nothing. */
export const cancelImportJob = (jobId: string) => deleteJson(`/import-jobs/${jobId}`);

// —— Writes ————————————————————————————————————————————————————————————————————————————

export const undoBatch = (programmeId: number, batchId: number) => deleteJson(`/programmes/${programmeId}/executions/batches/${batchId}`);

export const saveTolerance = (programmeId: number, body: { amount: string; percent: string; version: number }) =>
  putJson<ToleranceDto>(`/programmes/${programmeId}/reconciliation/tolerance`, body);

/** A manual match: to a planned line, or (null) to none of the plan. */
export const matchExecutedLine = (programmeId: number, executedLineId: string, lineId: number | null, version: number) =>
  putJson(`/programmes/${programmeId}/executions/${executedLineId}/match`, { lineId, version });

/** Back to automatic matching for that executed line. */
export const unmatchExecutedLine = (programmeId: number, executedLineId: string, version: number) =>
  deleteJson(`/programmes/${programmeId}/executions/${executedLineId}/match?version=${version}`);

export const rematch = (programmeId: number) => postJson<unknown>(`/programmes/${programmeId}/reconciliation/rematch`, {});

export interface SignOffTarget {
  channel: SignOffDto['channel'];
  segment: SignOffDto['segment'];
  processType: SignOffDto['processType'];
  processId: number | null;
}

export const signOff = (programmeId: number, target: SignOffTarget, comment: string) =>
  postJson<SignOffDto>(`/programmes/${programmeId}/reconciliation/sign-offs`, { ...target, comment });

export const reopenSignOff = (programmeId: number, signOffId: number, comment: string) =>
  deleteJson(`/programmes/${programmeId}/reconciliation/sign-offs/${signOffId}`, { body: { comment } });
