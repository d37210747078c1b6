// The steps every spreadsheet import goes through on its page (the formulary's, consumption's, the
// SAP executions'): a file is checked at once without applying anything (dry run); a corrected
// reading of its headers checks it again; "Aplicar" applies all of it or nothing. One request at a
// time: a newer one aborts the one in flight, and leaving the page aborts it too. The report's shape
// is the import's own; `ImportSessionKind` says how to read it.
import { useEffect, useRef, useState } from 'react';
import type { ImportReport, ProblemDetails } from '../../../../shared/api.ts';
import { ApiError, isAbortError, toProblem } from '../api/api-client.ts';
import { problemFieldLabel } from '../lib/field-labels.ts';
import { plural } from '../lib/format.ts';
import { formatMegabytes } from './import-steps.tsx';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const IMPORT_ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ImportPhase = 'idle' | 'checking' | 'applying';

export interface ImportFailure {
  title: string;
  detail?: string | undefined;
  list?: string[];
}

/** What every import's report has: how the headers were read, and the errors by row and column. */
export interface ImportSessionReport {
  columns: { header: string; key: string | null }[];
  expectedColumns: ImportReport['expectedColumns'];
  errors: { row: number; column: string; message: string }[];
}

/** How to read one import's report. */
export interface ImportSessionKind<R extends ImportSessionReport> {
  /** Whether a 422's body (the problem with the report's fields beside it) carries a report. */
  isReport: (body: ProblemDetails) => boolean;
  /** What applying it would change: nothing to apply at 0. */
  changesOf: (report: R) => number;
  /** How many errors the file has (a report may carry only the first ones). */
  errorCountOf: (report: R) => number;
  /** The largest file sent. */
  maxBytes: number;
}

/** The formulary's and consumption's report (created, updated, unchanged and their changes). */
const spreadsheetImport: ImportSessionKind<ImportReport> = {
  isReport: (body) => Array.isArray((body as Partial<ImportReport>).columns) && Array.isArray((body as Partial<ImportReport>).changes),
  changesOf: (report) => report.created + report.updated,
  errorCountOf: (report) => report.errors.length,
  maxBytes: MAX_IMPORT_BYTES,
};

/** What the page says about a failed request; `tooLarge` and `forbidden` in the words of its import. */
function failureOf(error: unknown, words: ImportWords): ImportFailure {
  const problem = toProblem(error);
  if (error instanceof ApiError) {
    if (error.status === 413) return { title: 'El archivo es demasiado grande', detail: words.tooLarge };
    if (error.status === 422) return { title: 'No se pudo leer el archivo', detail: problem.detail ?? problem.title };
    if (error.status === 400) {
      return {
        title: 'La solicitud no es válida',
        detail: problem.detail,
        list: (problem.errors ?? []).map((fieldError) => `${problemFieldLabel(fieldError.field)}: ${fieldError.message}`),
      };
    }
    if (error.status === 403) return words.forbidden;
  }
  return { title: problem.title, detail: problem.detail };
}

export interface ImportWords {
  /** After "El archivo es demasiado grande": what to do about it. */
  tooLarge: string;
  forbidden: ImportFailure;
}

export type SendImport<R = ImportReport> = (request: { file: File; mapping: Record<string, string>; dryRun: boolean; signal: AbortSignal }) => Promise<R>;

export function useImportSession(sendImport: SendImport, words: ImportWords): ReturnType<typeof useImportSessionOf<ImportReport>>;
export function useImportSession<R extends ImportSessionReport>(sendImport: SendImport<R>, words: ImportWords, kind: ImportSessionKind<R>): ReturnType<typeof useImportSessionOf<R>>;
export function useImportSession<R extends ImportSessionReport>(sendImport: SendImport<R>, words: ImportWords, kind?: ImportSessionKind<R>) {
  // Without a kind, R is ImportReport (the first overload).
  return useImportSessionOf(sendImport, words, kind ?? (spreadsheetImport as unknown as ImportSessionKind<R>));
}

function useImportSessionOf<R extends ImportSessionReport>(sendImport: SendImport<R>, words: ImportWords, kind: ImportSessionKind<R>) {
  const [file, setFile] = useState<File | null>(null);
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [report, setReport] = useState<R | null>(null);
  const [phase, setPhase] = useState<ImportPhase>('idle');
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [applied, setApplied] = useState<R | null>(null);
  const inFlight = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => () => inFlight.current?.abort(), []);

  const send = async (chosen: File, mapping: Record<string, string>, dryRun: boolean) => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setPhase(dryRun ? 'checking' : 'applying');
    setFailure(null);
    try {
      const answer = await sendImport({ file: chosen, mapping, dryRun, signal: controller.signal });
      if (dryRun) setReport(answer);
      else {
        setApplied(answer);
        setReport(null);
      }
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) return;
      // The 422 of a rejected import carries the whole report beside the problem fields.
      const rejected = error instanceof ApiError && error.status === 422 && kind.isReport(error.problem) ? (error.problem as unknown as R) : undefined;
      if (rejected) {
        setReport(rejected);
        setFailure({
          title: 'No se aplicó nada',
          detail: `El archivo tiene ${plural(kind.errorCountOf(rejected), 'error', 'errores')}; corríjalos y vuelva a cargarlo.`,
        });
      } else {
        if (dryRun) setReport(null);
        setFailure(failureOf(error, words));
      }
    } finally {
      if (inFlight.current === controller) {
        inFlight.current = null;
        setPhase('idle');
      }
    }
  };

  /** A file chosen (or the same file read again from the start): checked at once. */
  const choose = (chosen: File | null) => {
    setApplied(null);
    setReport(null);
    setOverrides({});
    setFile(chosen);
    if (!chosen) return;
    if (chosen.size > kind.maxBytes) {
      setFailure({ title: 'El archivo es demasiado grande', detail: `Pesa ${formatMegabytes(chosen.size)}; el máximo es ${formatMegabytes(kind.maxBytes)}.` });
      return;
    }
    void send(chosen, {}, true);
  };

  /** A header read as another column (or as none): checked again. */
  const remap = (header: string, key: string) => {
    if (!file || !report) return;
    const next = { ...overrides, [header]: key };
    // A column is read from one header only: another header holding it is ignored from now on.
    if (key) {
      for (const column of report.columns) {
        if (column.header !== header && column.key === key) next[column.header] = '';
      }
    }
    setOverrides(next);
    void send(file, next, true);
  };

  const apply = () => {
    if (file) void send(file, overrides, false);
  };

  const restart = () => {
    inFlight.current?.abort();
    setFile(null);
    setReport(null);
    setOverrides({});
    setApplied(null);
    setFailure(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const changes = report ? kind.changesOf(report) : 0;
  const canApply = file !== null && report !== null && report.errors.length === 0 && changes > 0 && phase === 'idle';

  return { file, report, phase, failure, applied, fileInput, choose, remap, apply, restart, changes, canApply };
}
